package dev.latchkey.signin;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@link SignInGate} over the user sessions and the operator's access rules. */
public final class UserSignIn implements SignInGate {

    private final UserSessions sessions;
    private final SignInProviders providers;
    private final SignInCookies cookies;
    private final String publicBaseUrl;

    UserSignIn(UserSessions sessions, SignInProviders providers, SignInCookies cookies, URI publicBaseUrl) {
        this.sessions = sessions;
        this.providers = providers;
        this.cookies = cookies;
        String base = publicBaseUrl.toString();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public Optional<SignedInUser> current(HttpHeaders headers) {
        return session(headers).map(UserSession::user);
    }

    /**
     * The live session of this request's cookie, with what only the session row knows (expiry, last
     * seen); a session whose provider was since removed, or no longer lets its user sign in, is not.
     */
    public Optional<UserSession> session(HttpHeaders headers) {
        return cookieValue(headers).flatMap(sessions::authenticate)
                .filter(s -> providers.admits(s.provider(), s.tenant(), s.subject()));
    }

    @Override
    public URI signInLocation(String continueTo) {
        return URI.create(publicBaseUrl + "/signin?continue=" + URLEncoder.encode(continueTo, StandardCharsets.UTF_8));
    }

    @Override
    public boolean mayUse(SignedInUser user, String serverSlug) {
        return providers.permits(user.provider(), user.tenant(), user.subject(), serverSlug);
    }

    /** The synchronizer token a signed-in page's forms carry, bound to this request's session cookie. */
    public Optional<String> csrfToken(HttpHeaders headers) {
        return cookieValue(headers).map(UserSessions::csrfToken);
    }

    Optional<String> cookieValue(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(cookies.userName());
        return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
    }
}
