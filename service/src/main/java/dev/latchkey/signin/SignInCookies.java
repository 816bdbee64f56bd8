package dev.latchkey.signin;

import java.net.URI;
import java.time.Duration;

/**
 * The two cookies of user sign-in, written by hand so every attribute is certain: the user session
 * ({@code latchkey_user}) and the short-lived binding of a sign-in in progress to its browser
 * ({@code latchkey_signin}). On https both carry the {@code __Host-} prefix (Secure, Path=/, no
 * Domain), so a sibling subdomain or plain http cannot plant one; plain http is for development,
 * where browsers refuse the prefix. HttpOnly and SameSite=Lax: the identity provider's redirect back
 * is a top-level GET, which Lax lets through.
 */
final class SignInCookies {

    static final String USER = "latchkey_user";
    static final String BINDING = "latchkey_signin";
    /** A sign-in must come back within this; the cookie does not outlive it by much. */
    static final Duration BINDING_LIFETIME = Duration.ofMinutes(10);

    private final boolean secure;

    SignInCookies(URI publicBaseUrl) {
        this.secure = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
    }

    String userName() {
        return name(USER);
    }

    String bindingName() {
        return name(BINDING);
    }

    String user(String value, Duration lifetime) {
        return header(userName(), value, lifetime.toSeconds());
    }

    String clearUser() {
        return header(userName(), "", 0);
    }

    String binding(String value) {
        return header(bindingName(), value, BINDING_LIFETIME.toSeconds());
    }

    private String name(String bare) {
        return secure ? "__Host-" + bare : bare;
    }

    private String header(String name, String value, long maxAge) {
        StringBuilder header = new StringBuilder(name).append('=').append(value).append("; Max-Age=").append(maxAge)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (secure) {
            header.append("; Secure");
        }
        return header.toString();
    }
}
