package dev.latchkey.console;

import dev.latchkey.signin.UserSession;
import dev.latchkey.signin.UserSessions;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** People signed in at the identity providers, per tenant and subject: the list and ending a session. */
@Path("/console/user-sessions")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleUserSessionsResource {

    private final UserSessions sessions;
    private final ConsolePages pages;

    public ConsoleUserSessionsResource(UserSessions sessions, ConsolePages pages) {
        this.sessions = sessions;
        this.pages = pages;
    }

    /** A session as listed (never its secret or hash), times as epoch milliseconds for the formatter. */
    public record SessionRow(String id, String tenant, String provider, String subject, String displayName,
                             String status, long createdAt, long expiresAt, long lastSeenAt, Long endedAt) {

        static SessionRow of(UserSession s, Instant now) {
            return new SessionRow(s.id(), s.tenant(), s.provider(), s.subject(), s.displayName(),
                    s.status(now).name().toLowerCase(), s.createdAt().toEpochMilli(), s.expiresAt().toEpochMilli(),
                    s.lastSeenAt().toEpochMilli(), s.endedAt().map(Instant::toEpochMilli).orElse(null));
        }

        public boolean isEndable() {
            return "active".equals(status);
        }
    }

    @GET
    public ConsolePage list(@Auth Operator operator, @QueryParam("tenant") String tenant,
                            @QueryParam("subject") String subject, @QueryParam("cursor") String cursor,
                            @QueryParam("done") String done) {
        Map<String, String> filter = new LinkedHashMap<>();
        FilterText.of(tenant).ifPresent(v -> filter.put("tenant", v));
        FilterText.of(subject).ifPresent(v -> filter.put("subject", v));
        Page<UserSession> page = sessions.list(Optional.ofNullable(filter.get("tenant")),
                Optional.ofNullable(filter.get("subject")), cursor, ConsoleFlowsResource.PAGE_SIZE);
        Instant now = sessions.now();
        List<SessionRow> rows = page.items().stream().map(s -> SessionRow.of(s, now)).toList();
        Map<String, Object> model = Links.listModel("/console/user-sessions", filter, page.nextCursor());
        model.put("sessions", rows);
        model.put("notice", "ended".equals(done) ? "The session was ended: that browser must sign in again."
                : "unchanged".equals(done) ? "Nothing changed: the session had already ended or expired." : "");
        return pages.page("user-sessions", "User sessions", "user-sessions", operator, model);
    }

    @POST
    @Path("/{id}/end")
    public Response end(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = sessions.endByOperator(id, operator.name());
        return Response.seeOther(URI.create("/console/user-sessions?done=" + (done ? "ended" : "unchanged"))).build();
    }
}
