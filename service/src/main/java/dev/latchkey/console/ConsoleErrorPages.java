package dev.latchkey.console;

import dev.latchkey.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.security.Principal;
import java.util.Optional;

/**
 * The application's exception mappers answer problem JSON; under {@code /console} a person is
 * reading, so the same problem becomes a readable HTML page (its title and safe detail, never a
 * stack trace). Request ids stay, for reporting.
 */
public final class ConsoleErrorPages implements ContainerResponseFilter {

    private final ConsolePages pages;

    public ConsoleErrorPages(ConsolePages pages) {
        this.pages = pages;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem) || !CsrfFilter.isConsole(request.getUriInfo().getPath())) {
            return;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        Optional<Operator> operator = principal instanceof Operator op ? Optional.of(op) : Optional.empty();
        String message = problem.detail() == null ? "The request could not be completed." : problem.detail();
        if (problem.requestId() != null) {
            message = message + " (request id " + problem.requestId() + ")";
        }
        response.setEntity(pages.error(problem.status(), problem.title(), message, operator), new Annotation[0],
                MediaType.TEXT_HTML_TYPE);
    }
}
