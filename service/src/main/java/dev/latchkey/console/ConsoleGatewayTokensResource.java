package dev.latchkey.console;

import dev.latchkey.gateway.tokens.GatewayToken;
import dev.latchkey.gateway.tokens.GatewayTokens;
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

/** Gateway tokens of every tenant: the list (never a token, never a hash) and revoking one. */
@Path("/console/gateway-tokens")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleGatewayTokensResource {

    private final GatewayTokens tokens;
    private final GatewayTokenRevoker revoker;
    private final ConsolePages pages;

    public ConsoleGatewayTokensResource(GatewayTokens tokens, GatewayTokenRevoker revoker, ConsolePages pages) {
        this.tokens = tokens;
        this.revoker = revoker;
        this.pages = pages;
    }

    /** A token as listed: what an operator needs to recognise it, times as epoch milliseconds for the formatter. */
    public record TokenRow(String id, String tenant, String subject, String name, String prefix, String servers,
                           String status, long createdAt, Long expiresAt, Long lastUsedAt, Long revokedAt) {

        static TokenRow of(GatewayToken t, Instant now) {
            return new TokenRow(t.id(), t.tenant(), t.subject(), t.name().orElse(""), t.displayPrefix(),
                    String.join(" ", t.servers()), t.status(now).code(), t.createdAt().toEpochMilli(),
                    millis(t.expiresAt()), millis(t.lastUsedAt()), millis(t.revokedAt()));
        }

        private static Long millis(Optional<Instant> at) {
            return at.map(Instant::toEpochMilli).orElse(null);
        }

        public boolean isRevocable() {
            return revokedAt == null;
        }
    }

    @GET
    public ConsolePage list(@Auth Operator operator, @QueryParam("tenant") String tenant,
                            @QueryParam("subject") String subject, @QueryParam("cursor") String cursor,
                            @QueryParam("done") String done) {
        Map<String, String> filter = new LinkedHashMap<>();
        FilterText.of(tenant).ifPresent(v -> filter.put("tenant", v));
        FilterText.of(subject).ifPresent(v -> filter.put("subject", v));
        Page<GatewayToken> page = tokens.listAllTenants(Optional.ofNullable(filter.get("tenant")),
                Optional.ofNullable(filter.get("subject")), cursor, ConsoleFlowsResource.PAGE_SIZE);
        Instant now = tokens.now();
        List<TokenRow> rows = page.items().stream().map(t -> TokenRow.of(t, now)).toList();
        Map<String, Object> model = Links.listModel("/console/gateway-tokens", filter, page.nextCursor());
        model.put("tokens", rows);
        model.put("notice", "revoked".equals(done) ? "The gateway token was revoked."
                : "unchanged".equals(done) ? "Nothing changed: the gateway token was already revoked or is gone." : "");
        return pages.page("gateway-tokens", "Gateway tokens", "gateway-tokens", operator, model);
    }

    @POST
    @Path("/{id}/revoke")
    public Response revoke(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = revoker.revoke(id, operator.name());
        return Response.seeOther(URI.create("/console/gateway-tokens?done=" + (done ? "revoked" : "unchanged")))
                .build();
    }
}
