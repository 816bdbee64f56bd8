package dev.latchkey.gateway.tokens;

import java.util.List;
import java.util.Objects;

/**
 * Who an MCP client calling the gateway is: the tenant and subject its gateway token was minted
 * for, the upstream servers it may reach and the token (its id and public prefix, for audit).
 *
 * <p>{@code servers} holds the entries given when the token was minted, unchanged; the gateway
 * matches them against the upstream server registry's slugs (and ids), so a token for
 * {@code github} reaches the tenant's server registered with the slug {@code github}. Empty means
 * every server of the tenant.
 */
public record GatewayCaller(String tenant, String subject, List<String> servers, String tokenId,
                            String tokenPrefix) {

    public GatewayCaller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenPrefix, "tokenPrefix");
        servers = List.copyOf(servers);
    }

    /** Whether the token may reach the upstream server registered under this slug or id. */
    public boolean mayReach(String slugOrId) {
        return servers.isEmpty() || servers.contains(slugOrId);
    }
}
