package dev.latchkey.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query parameter with a NUL character in it (400 {@code invalid_parameter}), before any
 * resource binds it to a statement: PostgreSQL text cannot hold NUL, so a filter such as
 * {@code subject=%00} failed as a database error (500), and no stored value can contain one.
 */
@PreMatching
@Priority(110)
public final class NulParameterFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawQuery();
        if (raw == null || (raw.indexOf('%') < 0 && raw.indexOf('\u0000') < 0)) {
            return; // nothing to decode into a NUL: the hot paths (token, flow start) carry no query at all
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (hasNul(parameter.getKey()) || parameter.getValue().stream().anyMatch(NulParameterFilter::hasNul)) {
                throw ProblemException.badRequest("invalid_parameter",
                        "Query parameters must not contain NUL characters.");
            }
        }
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }
}
