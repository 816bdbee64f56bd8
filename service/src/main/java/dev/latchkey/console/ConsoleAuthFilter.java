package dev.latchkey.console;

import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Authenticates console requests by their session cookie (dropwizard-auth, producing an
 * {@link Operator}). A page request without a live session is sent to the sign-in page; an action
 * without one is refused with a readable page.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ConsoleAuthFilter extends AuthFilter<String, Operator> {

    private final ConsolePages pages;

    private ConsoleAuthFilter(ConsolePages pages) {
        this.pages = pages;
    }

    public static ConsoleAuthFilter using(ConsoleSessions sessions, ConsolePages pages) {
        return new Builder(pages).setAuthenticator(sessions::authenticate).setPrefix("Cookie")
                .setRealm("latchkey-console").buildAuthFilter();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(ConsoleCookies.SESSION);
        String value = cookie == null ? null : cookie.getValue();
        if (value != null && authenticate(request, value, "Cookie")) {
            return;
        }
        if (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())) {
            String next = "/" + request.getUriInfo().getPath(false);
            request.abortWith(Response.seeOther(URI.create("/console/login?next="
                            + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                    .header("Cache-Control", "no-store").build());
            return;
        }
        request.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .entity(pages.error(403, "Signed out", "Your console session has ended. Sign in again and retry."))
                .build());
    }

    private static final class Builder extends AuthFilterBuilder<String, Operator, ConsoleAuthFilter> {
        private final ConsolePages pages;

        Builder(ConsolePages pages) {
            this.pages = pages;
        }

        @Override
        protected ConsoleAuthFilter newInstance() {
            return new ConsoleAuthFilter(pages);
        }
    }
}
