package dev.latchkey.issuer;

import dev.latchkey.signin.SignInGate;
import dev.latchkey.signin.SignedInUser;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A stand-in for user sign-in in tests: the cookie {@code test_user=<tenant>~<subject>~<session>} says who is
 * signed in; a subject that starts with {@code barred} may use no server.
 */
final class CookieSignIn implements SignInGate {

    static final String COOKIE = "test_user";

    static String cookie(String tenant, String subject, String session) {
        return tenant + "~" + subject + "~" + session;
    }

    @Override
    public Optional<SignedInUser> current(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        String[] parts = cookie.getValue().split("~");
        return parts.length != 3 ? Optional.empty()
                : Optional.of(new SignedInUser(parts[2], parts[0], "test", parts[1], parts[1] + " (test)", Instant.now()));
    }

    @Override
    public URI signInLocation(String continueTo) {
        return URI.create("/test-sign-in?continue=" + URLEncoder.encode(continueTo, StandardCharsets.UTF_8));
    }

    @Override
    public boolean mayUse(SignedInUser user, String serverSlug) {
        return !user.subject().startsWith("barred");
    }
}
