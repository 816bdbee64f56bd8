package dev.latchkey.gateway.tokens;

import dev.latchkey.auth.Caller;
import dev.latchkey.connection.TokenReader;
import dev.latchkey.flow.FlowRequests;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an MCP client calling the gateway is: the tenant and subject its credential stands for, the
 * upstream servers it may reach, the credential's id (a gateway token's {@code gwt_…}, or the grant
 * {@code grt_…} of an access token Latchkey issued) and the actor name the audit records for it
 * ({@code lkg_} and the gateway token's prefix, or {@code oauth:} and the grant).
 *
 * <p>{@code servers} holds the entries given when the token was minted, unchanged; the gateway
 * matches them against the upstream server registry's slugs (and ids), so a token for
 * {@code github} reaches the tenant's server registered with the slug {@code github}. Empty means
 * every server of the tenant.
 */
public record GatewayCaller(String tenant, String subject, List<String> servers, String tokenId,
                            String actor) {

    public GatewayCaller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(actor, "actor");
        servers = List.copyOf(servers);
    }

    /**
     * The caller as Latchkey's services know one: they name the tenant through a {@link Caller} (and
     * record the actor); they read nothing else of it.
     */
    public Caller asCaller() {
        return new Caller(tenant, actor);
    }

    /** Reads of the subject's tokens on this caller's behalf, audited as this caller's credential. */
    public TokenReader reader() {
        return TokenReader.gatewayCaller(actor);
    }

    /**
     * A flow for this caller's subject and a registered server ({@code serverId} its {@code srv_…} id),
     * with the upstream's {@code insufficient_scope} challenge for a step-up, or {@code ""}.
     */
    public FlowRequests.Valid flowRequest(URI serverUrl, String serverId, String challenge) {
        return new FlowRequests.Valid(serverUrl, subject, Optional.of(serverId), challenge, List.of(), Optional.empty());
    }

    /** Whether the token may reach the upstream server registered under this slug or id. */
    public boolean mayReach(String slugOrId) {
        return servers.isEmpty() || servers.contains(slugOrId);
    }
}
