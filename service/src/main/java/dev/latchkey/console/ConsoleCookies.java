package dev.latchkey.console;

import java.net.URI;

/**
 * The console's two cookies, written by hand so every attribute is certain: the session cookie
 * and the pre-sign-in CSRF cookie of the login form (double submit). Both are HttpOnly,
 * SameSite=Strict, scoped to {@code /console}, and Secure when the public base URL is https.
 */
public final class ConsoleCookies {

    public static final String SESSION = "latchkey_console";
    public static final String LOGIN_CSRF = "latchkey_console_login";

    private final boolean secure;

    public ConsoleCookies(URI publicBaseUrl) {
        this.secure = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    }

    public String session(String id) {
        return cookie(SESSION, id, -1);
    }

    public String loginCsrf(String token) {
        return cookie(LOGIN_CSRF, token, 1800);
    }

    public String clear(String name) {
        return cookie(name, "", 0);
    }

    public boolean secure() {
        return secure;
    }

    private String cookie(String name, String value, int maxAgeSeconds) {
        StringBuilder header = new StringBuilder(name).append('=').append(value)
                .append("; Path=/console; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds >= 0) {
            header.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secure) {
            header.append("; Secure");
        }
        return header.toString();
    }
}
