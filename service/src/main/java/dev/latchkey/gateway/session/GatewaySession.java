package dev.latchkey.gateway.session;

import java.util.Optional;

/**
 * An MCP session between one client and the gateway, for one gateway token and one registered server.
 * {@code id} is the client's {@code Mcp-Session-Id}. {@code urlElicitation} says the client declared
 * {@code elicitation: { url: {} }} in its initialize request, whose params are kept in
 * {@code initializeParams} for the upstream initialize the gateway sends once the user has authorized.
 * While {@code upstreamReady} is false no upstream session exists yet; {@code upstreamSessionId} is the
 * upstream server's own id (empty for a stateless server) and {@code upstreamProtocolVersion} the
 * version the upstream agreed to when the gateway initialized it (empty: the client's own).
 */
public record GatewaySession(String id, String tenant, String subject, String tokenId, String serverId,
                             String protocolVersion, boolean urlElicitation, String initializeParams,
                             boolean upstreamReady, Optional<String> upstreamSessionId,
                             Optional<String> upstreamProtocolVersion, long createdAt, long lastUsedAt,
                             Optional<Long> endedAt) {

    /** The same session as it is once the upstream has lost its session: to be opened again. */
    public GatewaySession withoutUpstream() {
        return new GatewaySession(id, tenant, subject, tokenId, serverId, protocolVersion, urlElicitation,
                initializeParams, false, Optional.empty(), Optional.empty(), createdAt, lastUsedAt, endedAt);
    }

    /** The same session as it stands once a request at {@code millis} has been recorded. */
    public GatewaySession usedAt(long millis) {
        return new GatewaySession(id, tenant, subject, tokenId, serverId, protocolVersion, urlElicitation,
                initializeParams, upstreamReady, upstreamSessionId, upstreamProtocolVersion, createdAt, millis, endedAt);
    }

    @Override
    public String toString() {
        // The upstream session id is a handle on someone's upstream session: not for logs.
        return "GatewaySession[" + id + ", tenant=" + tenant + ", server=" + serverId + ", ready=" + upstreamReady + "]";
    }
}
