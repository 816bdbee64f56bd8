package dev.latchkey.flow.store;

import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.event.EventSubject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One attempt to authorize a subject for an MCP server, as stored. Holds no secret in the clear. */
public record Flow(String id, String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                   String resource, String publishedResource, Optional<String> issuer, Optional<String> clientRef, List<String> scopes,
                   FlowStatus status, Optional<String> contextJson, String linkId, Optional<String> browserBinding,
                   Optional<String> authorizeBaseUrl, boolean issRequired, Optional<String> authorizeUrlSealed,
                   Optional<String> stepUpOf, Optional<String> connectionId,
                   Optional<String> errorCode, Optional<String> errorDescription, Instant createdAt,
                   Instant expiresAt, Optional<Instant> openedAt, Optional<Instant> stateConsumedAt,
                   Optional<Instant> completedAt) {

    public Flow {
        scopes = List.copyOf(scopes);
    }

    /** The flow as a just-inserted row stands in the database, without reading it back. */
    public static Flow pending(NewFlow row) {
        return new Flow(row.id(), row.tenant(), row.subject(), row.serverId(), row.serverSlug(), row.serverUrl(),
                row.resource(), row.publishedResource(), Optional.ofNullable(row.issuer()), Optional.ofNullable(row.clientRef()),
                FlowMapper.scopes(row.scopes()), FlowStatus.PENDING, Optional.ofNullable(row.contextJson()),
                row.linkId(), Optional.empty(), Optional.ofNullable(row.authorizeBaseUrl()), row.issRequired(),
                Optional.empty(),
                Optional.ofNullable(row.stepUpOf()), Optional.empty(), Optional.empty(), Optional.empty(),
                Instant.ofEpochMilli(row.createdAt()), Instant.ofEpochMilli(row.expiresAt()), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Whom and which server this flow's events are about. */
    public EventSubject eventSubject() {
        return new EventSubject(tenant, subject, serverId, serverSlug);
    }

    /** The identity of the connection this flow makes once authorized at {@code issuer} through {@code clientRef}. */
    public ConnectionWriter.Identity connectionIdentity(String verifiedIssuer, String usedClientRef) {
        return new ConnectionWriter.Identity(tenant, subject, serverId, serverSlug, serverUrl, resource,
                publishedResource, verifiedIssuer, usedClientRef);
    }

    public boolean isPending() {
        return status == FlowStatus.PENDING;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
