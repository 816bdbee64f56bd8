package dev.latchkey.console;

import dev.latchkey.issuer.Consent;
import dev.latchkey.issuer.Grant;
import dev.latchkey.issuer.McpClient;
import dev.latchkey.issuer.McpSessions;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Latchkey's authorization server knows of MCP clients and their users: the clients (registered or
 * known by their metadata document; never a secret or its hash), the grants each user gave a client (its
 * signed-in session: revocable) and the consents each user remembers (withdrawable).
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleMcpAccessResource {

    private final McpSessions sessions;
    private final ConsolePages pages;
    private final Clock clock;

    public ConsoleMcpAccessResource(McpSessions sessions, ConsolePages pages, Clock clock) {
        this.sessions = sessions;
        this.pages = pages;
        this.clock = clock;
    }

    /** A client as listed, times as epoch milliseconds for the formatter. */
    public record ClientRow(String clientId, String name, String kind, String redirectUris, String authMethod,
                            long createdAt, long lastSeenAt) {

        static ClientRow of(McpClient c) {
            return new ClientRow(c.clientId(), c.displayName(), c.kind().code(), String.join(" ", c.redirectUris()),
                    c.authMethod().code(), c.createdAt().toEpochMilli(), c.lastSeenAt().toEpochMilli());
        }
    }

    /** A grant as listed: whose, which client, which route, and whether it still stands. */
    public record GrantRow(String id, String tenant, String subject, String client, String resource, String scopes,
                           String status, String revokedWhy, long createdAt, long lastUsedAt, long expiresAt) {

        static GrantRow of(Grant g, Instant now, Map<String, String> clientNames) {
            String status = g.revokedAt().isPresent() ? "revoked" : g.isActive(now) ? "active" : "expired";
            return new GrantRow(g.id(), g.tenant(), g.subject(), clientNames.getOrDefault(g.clientId(), g.clientId()),
                    g.resource(), String.join(" ", g.scopes()), status, g.revokedWhy().orElse(""),
                    g.createdAt().toEpochMilli(), g.lastUsedAt().toEpochMilli(), g.expiresAt().toEpochMilli());
        }

        public boolean isRevocable() {
            return "active".equals(status);
        }
    }

    /** A consent as listed. */
    public record ConsentRow(String id, String tenant, String subject, String client, String resource, String scopes,
                             long updatedAt) {
    }

    @GET
    @Path("mcp-clients")
    public ConsolePage clients(@Auth Operator operator, @QueryParam("cursor") String cursor) {
        Page<McpClient> page = sessions.clients(cursor, ConsoleFlowsResource.PAGE_SIZE);
        Map<String, Object> model = Links.listModel("/console/mcp-clients", Map.of(), page.nextCursor());
        model.put("clients", page.items().stream().map(ClientRow::of).toList());
        return pages.page("mcp-clients", "MCP clients", "mcp-clients", operator, model);
    }

    @GET
    @Path("mcp-grants")
    public ConsolePage grants(@Auth Operator operator, @QueryParam("tenant") String tenant,
                              @QueryParam("subject") String subject, @QueryParam("cursor") String cursor,
                              @QueryParam("done") String done) {
        Map<String, String> filter = new LinkedHashMap<>();
        FilterText.of(tenant).ifPresent(v -> filter.put("tenant", v));
        FilterText.of(subject).ifPresent(v -> filter.put("subject", v));
        Optional<String> user = Optional.ofNullable(filter.get("subject")).filter(s -> filter.containsKey("tenant"));
        Page<Grant> page = user.isPresent()
                ? sessions.grantsOf(filter.get("tenant"), user.get(), cursor, ConsoleFlowsResource.PAGE_SIZE)
                : sessions.grants(Optional.ofNullable(filter.get("tenant")), cursor, ConsoleFlowsResource.PAGE_SIZE);
        Map<String, String> names = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<GrantRow> rows = page.items().stream().map(g -> GrantRow.of(g, now, names(names, g.clientId()))).toList();
        List<ConsentRow> consents = user.map(s -> sessions.consentsOf(filter.get("tenant"), s, null, 100).items()
                .stream().map(c -> consentRow(c, names(names, c.clientId()))).toList()).orElse(List.of());
        Map<String, Object> model = Links.listModel("/console/mcp-grants", filter, page.nextCursor());
        model.put("grants", rows);
        model.put("user", user.isPresent());
        model.put("consents", consents);
        model.put("notice", switch (done == null ? "" : done) {
            case "revoked" -> "The grant was revoked: that MCP client must sign in again.";
            case "withdrawn" -> "The consent was withdrawn and the user's grants to that client revoked.";
            case "unchanged" -> "Nothing changed: it had already ended.";
            default -> "";
        });
        return pages.page("mcp-grants", "MCP sign-ins and consents", "mcp-grants", operator, model);
    }

    @POST
    @Path("mcp-grants/{id}/revoke")
    public Response revoke(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = sessions.revokeGrantByOperator(id, operator.name());
        return Response.seeOther(URI.create("/console/mcp-grants?done=" + (done ? "revoked" : "unchanged"))).build();
    }

    @POST
    @Path("mcp-consents/{id}/withdraw")
    public Response withdraw(@Auth Operator operator, @PathParam("id") String id, @FormParam("tenant") String tenant,
                             @FormParam("subject") String subject) {
        boolean done = tenant != null && subject != null
                && sessions.withdrawConsentByOperator(tenant, subject, id, operator.name());
        return Response.seeOther(URI.create("/console/mcp-grants?done=" + (done ? "withdrawn" : "unchanged")
                + (done ? "&tenant=" + Links.enc(tenant) + "&subject=" + Links.enc(subject) : ""))).build();
    }

    private ConsentRow consentRow(Consent c, Map<String, String> names) {
        return new ConsentRow(c.id(), c.tenant(), c.subject(), names.getOrDefault(c.clientId(), c.clientId()),
                c.resource(), String.join(" ", c.scopes()), c.updatedAt().toEpochMilli());
    }

    /** Client names, each looked up once per page. */
    private Map<String, String> names(Map<String, String> known, String clientId) {
        known.computeIfAbsent(clientId, id -> sessions.client(id).map(McpClient::displayName).orElse(id));
        return known;
    }
}
