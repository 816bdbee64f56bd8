package dev.latchkey.browser;

import java.net.URI;

/**
 * The browser binding cookie, written by hand so every attribute is certain. On https it carries
 * the {@code __Host-} prefix (Secure, Path=/, no Domain): a browser then refuses the cookie from a
 * sibling subdomain or plain http, so nobody can plant a binding of their own. Plain http is for
 * development only, where browsers do not allow the prefix, so the name stays bare there.
 */
public final class BindingCookie {

    static final String BARE_NAME = "latchkey_browser";
    static final String HOST_NAME = "__Host-" + BARE_NAME;

    private final boolean secure;

    public BindingCookie(URI publicBaseUrl) {
        this.secure = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    }

    /** The one name read and written; on https the bare name is ignored, as anyone could have set it. */
    public String name() {
        return secure ? HOST_NAME : BARE_NAME;
    }

    /** The Set-Cookie header value for a new binding: a session cookie, sent on the callback's top-level redirect. */
    public String header(String value) {
        StringBuilder header = new StringBuilder(name()).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (secure) {
            header.append("; Secure");
        }
        return header.toString();
    }
}
