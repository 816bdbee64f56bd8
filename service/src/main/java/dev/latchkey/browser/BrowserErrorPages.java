package dev.latchkey.browser;

import dev.latchkey.api.BrowserPaths;
import dev.latchkey.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;

/**
 * The exception mappers answer problem JSON; on the pages a user's browser opens (the landing link
 * and the OAuth callbacks) a person is reading, so the same problem becomes an HTML page, whatever
 * the request's Accept header asked for.
 */
public final class BrowserErrorPages implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem
                && BrowserPaths.isBrowserPage(request.getUriInfo().getPath())) {
            response.setEntity(new BrowserErrorPage(problem), new Annotation[0], MediaType.TEXT_HTML_TYPE);
        }
    }
}
