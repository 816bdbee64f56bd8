package dev.latchkey.api;

/**
 * The paths a person's browser opens — the landing link, the OAuth callbacks, the sign-in pages and the
 * authorization server's authorization endpoint and a person's own consents — where an error must read as a page, not as problem JSON.
 */
public final class BrowserPaths {

    private BrowserPaths() {
    }

    /**
     * The landing link, the callbacks, sign-in, the authorization endpoint and the consents page (with or without the leading slash, as
     * Jetty or Jersey gives it).
     */
    public static boolean isBrowserPage(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals("connect") || relative.startsWith("connect/") || relative.equals("oauth/callback")
                || relative.startsWith("oauth/callback/") || relative.equals("signin")
                || relative.startsWith("signin/") || relative.equals("oauth/authorize")
                || relative.equals("oauth/consents") || relative.startsWith("oauth/consents/");
    }
}
