package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import dev.latchkey.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.Set;

/**
 * The refusals Latchkey's own filters and mappers make before a back-channel endpoint runs (a body too large
 * or undecodable, a NUL in the query, a method not allowed) are problem JSON; an OAuth client reads RFC 6749
 * {@code {error, error_description}} there, so the same refusal becomes that, never cached.
 */
final class BackChannelErrors implements ContainerResponseFilter {

    private static final Set<String> PATHS = Set.of("oauth/token", "oauth/revoke", "oauth/register");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!(response.getEntity() instanceof Problem problem)
                || !PATHS.contains(path.startsWith("/") ? path.substring(1) : path)) {
            return;
        }
        ErrorObject error = (problem.status() == 401 ? OAuth2Error.INVALID_CLIENT
                : problem.status() == 429 || problem.status() == 503 ? OAuth2Error.TEMPORARILY_UNAVAILABLE
                : problem.status() >= 500 ? OAuth2Error.SERVER_ERROR : OAuth2Error.INVALID_REQUEST)
                .setHTTPStatusCode(problem.status()).setDescription(IssuerRefusal.legal(problem.detail()));
        response.setEntity(new TokenErrorResponse(error).toHTTPResponse().getBody(), new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle("Cache-Control", "no-store");
        response.getHeaders().putSingle("Pragma", "no-cache");
    }
}
