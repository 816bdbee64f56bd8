package dev.latchkey.auth;

import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;

/**
 * Authenticates {@code Authorization: Bearer lk_…} through dropwizard-auth, answering a 401
 * problem that says whether the key was missing or not accepted (never which part was wrong).
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyAuthFilter extends AuthFilter<String, Caller> {

    private static final String SCHEME = "Bearer";
    private static final Map<String, String> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE,
            "Bearer realm=\"latchkey\"");

    private ApiKeyAuthFilter() {
    }

    public static ApiKeyAuthFilter using(ApiKeys apiKeys) {
        return new Builder().setAuthenticator(apiKeys::authenticate).setPrefix(SCHEME).setRealm("latchkey")
                .buildAuthFilter();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized("api_key_missing", "Send an API key as 'Authorization: Bearer lk_…'.");
        }
        int space = header.indexOf(' ');
        if (space <= 0 || !SCHEME.equalsIgnoreCase(header.substring(0, space))) {
            throw unauthorized("api_key_missing", "Send an API key as 'Authorization: Bearer lk_…'.");
        }
        if (!authenticate(request, header.substring(space + 1).trim(), SCHEME)) {
            throw unauthorized("api_key_invalid", "The API key is not valid or has been revoked.");
        }
    }

    private static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(Problem.of(401, code, "Unauthorized", detail), CHALLENGE);
    }

    private static final class Builder extends AuthFilterBuilder<String, Caller, ApiKeyAuthFilter> {
        @Override
        protected ApiKeyAuthFilter newInstance() {
            return new ApiKeyAuthFilter();
        }
    }
}
