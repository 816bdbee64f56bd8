package dev.latchkey.console;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.limits.ClientAddresses;
import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;

/** Sign-in and sign-out: form login, a session cookie, throttled failures, all audited. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleLoginResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Operators operators;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;
    private final ConsoleCookies cookies;
    private final ConsolePages pages;
    private final ConsoleAudit audit;
    private final ClientAddresses addresses;

    public ConsoleLoginResource(Operators operators, ConsoleSessions sessions, LoginThrottle throttle,
                                ConsoleCookies cookies, ConsolePages pages, ConsoleAudit audit,
                                ClientAddresses addresses) {
        this.addresses = addresses;
        this.operators = operators;
        this.sessions = sessions;
        this.throttle = throttle;
        this.cookies = cookies;
        this.pages = pages;
        this.audit = audit;
    }

    @GET
    @Path("/login")
    public Response form(@QueryParam("next") String next, @QueryParam("signedOut") String signedOut) {
        return loginPage(Response.Status.OK, safeNext(next), "", Optional.empty(),
                signedOut != null ? "You have signed out." : "");
    }

    @POST
    @Path("/login")
    public Response signIn(@FormParam("name") String name, @FormParam("password") String password,
                           @FormParam("next") String next, @Context HttpServletRequest request) {
        // Behind a trusted reverse proxy, the client's address from X-Forwarded-For: not the proxy's for all.
        String address = addresses.key(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        String shownName = name == null ? "" : name.strip();
        Optional<Duration> locked = throttle.lockedFor(shownName, address);
        if (locked.isPresent()) {
            audit.signIn(shownName, address, AuditEntry.Outcome.DENIED, "locked after repeated failures");
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            return loginPage(Response.Status.TOO_MANY_REQUESTS, safeNext(next), shownName, Optional.of(
                    "Too many failed sign-ins. Try again in " + seconds + " seconds."));
        }
        Optional<String> credential = operators.signIn(shownName, password);
        if (credential.isEmpty()) {
            throttle.failed(shownName, address);
            audit.signIn(shownName, address, AuditEntry.Outcome.FAILURE, "wrong name or password");
            return loginPage(Response.Status.UNAUTHORIZED, safeNext(next), shownName,
                    Optional.of("That name and password do not match an operator."));
        }
        throttle.succeeded(shownName, address);
        String session = sessions.open(shownName, credential.get());
        audit.signIn(shownName, address, AuditEntry.Outcome.SUCCESS, null);
        return Response.seeOther(URI.create(safeNext(next)))
                .header("Set-Cookie", cookies.session(session))
                .header("Set-Cookie", cookies.clear(ConsoleCookies.LOGIN_CSRF))
                .build();
    }

    @POST
    @Path("/logout")
    public Response signOut(@Auth Operator operator) {
        sessions.end(operator.sessionKey());
        audit.signOut(operator);
        return Response.seeOther(URI.create("/console/login?signedOut=1"))
                .header("Set-Cookie", cookies.clear(ConsoleCookies.SESSION))
                .build();
    }

    private Response loginPage(Response.Status status, String next, String name, Optional<String> message) {
        return loginPage(status, next, name, message, "");
    }

    private Response loginPage(Response.Status status, String next, String name, Optional<String> message,
                               String info) {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return Response.status(status)
                .header("Set-Cookie", cookies.loginCsrf(token))
                .entity(pages.login(next, token, name, message, info))
                .build();
    }

    /** Only a console path of this origin: never an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/console/login") || next.length() > 500) {
            return "/console";
        }
        return next;
    }
}
