package dev.latchkey.console;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Refuses every console POST whose form does not carry the right {@code csrf} field: the session's
 * synchronizer token once signed in, the login cookie's value on the sign-in form. It runs after
 * authentication and fails closed: a POST with no operator and no login cookie is refused.
 */
@Priority(Priorities.AUTHORIZATION)
public final class CsrfFilter implements ContainerRequestFilter {

    public static final String FIELD = "csrf";

    private final ConsolePages pages;
    private final ConsoleAudit audit;

    @Context
    private HttpServletRequest servletRequest;

    public CsrfFilter(ConsolePages pages, ConsoleAudit audit) {
        this.pages = pages;
        this.audit = audit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (!HttpMethod.POST.equals(request.getMethod()) || !isConsole(path)) {
            return;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String expected = principal instanceof Operator operator ? operator.csrfToken()
                : path.equals("console/login") ? loginCookie(request) : null;
        if (ConsoleSessions.tokensMatch(expected, presented(request))) {
            return;
        }
        audit.csrfRejected(principal instanceof Operator op ? op.name() : "-", "/" + path,
                servletRequest == null ? "-" : servletRequest.getRemoteAddr());
        request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .header("Cache-Control", "no-store")
                .entity(pages.error(403, "Request refused",
                        "This form was stale or did not come from the console. Go back, reload the page and try again."))
                .build());
    }

    static boolean isConsole(String path) {
        return path.equals("console") || path.startsWith("console/");
    }

    private static String loginCookie(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(ConsoleCookies.LOGIN_CSRF);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    /** Reads the form while leaving it readable for the resource's {@code @FormParam}s. */
    private static String presented(ContainerRequestContext request) {
        if (!request.hasEntity() || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
            return null;
        }
        ContainerRequest jersey = (ContainerRequest) request;
        jersey.bufferEntity();
        Form form = jersey.readEntity(Form.class);
        return form.asMap().getFirst(FIELD);
    }
}
