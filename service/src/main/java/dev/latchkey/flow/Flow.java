package dev.latchkey.flow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One attempt to authorize a subject for an MCP server, as stored. Holds no secret in the clear. */
public record Flow(String id, String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                   String resource, Optional<String> issuer, Optional<String> clientRef, List<String> scopes,
                   FlowStatus status, Optional<String> contextJson, String linkId, Optional<String> browserBinding,
                   Optional<String> authorizeUrlSealed, Optional<String> stepUpOf, Optional<String> connectionId,
                   Optional<String> errorCode, Optional<String> errorDescription, Instant createdAt,
                   Instant expiresAt, Optional<Instant> openedAt, Optional<Instant> stateConsumedAt,
                   Optional<Instant> completedAt) {

    public Flow {
        scopes = List.copyOf(scopes);
    }

    public boolean isPending() {
        return status == FlowStatus.PENDING;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
