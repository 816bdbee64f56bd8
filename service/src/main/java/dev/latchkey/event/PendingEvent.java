package dev.latchkey.event;

import java.time.Instant;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * An event with everything decided but its seq, so that it can be written in the same statement as
 * the change it reports ({@link EventWriter#prepare}). Its columns bind under the {@code ev} prefix,
 * apart from the names of the statement it joins.
 */
public record PendingEvent(String id, EventDraft draft, String notice, String payloadJson, Instant createdAt) {

    /** The insert, without {@code RETURNING}: callers add the way they read the new seq. */
    public static final String INSERT = """
            INSERT INTO events (id, tenant, type, subject, server_id, server_slug, flow_id, connection_id,
                                context_json, payload_json, notice, created_at)
            VALUES (:evId, :evTenant, :evType, :evSubject, :evServerId, :evServerSlug, :evFlowId, :evConnectionId,
                    :evContext, :evPayload, :evNotice, :evCreatedAt)""";

    public <T extends SqlStatement<T>> T bind(T statement) {
        return statement.bind("evId", id)
                .bind("evTenant", draft.tenant())
                .bind("evType", draft.type())
                .bind("evSubject", draft.subject())
                .bind("evServerId", draft.serverId())
                .bind("evServerSlug", draft.serverSlug())
                .bind("evFlowId", draft.flowId().orElse(null))
                .bind("evConnectionId", draft.connectionId().orElse(null))
                .bind("evContext", draft.contextJson().orElse(null))
                .bind("evPayload", payloadJson)
                .bind("evNotice", notice)
                .bind("evCreatedAt", createdAt.toEpochMilli());
    }

    /** The event as stored under the seq the database gave it. */
    public StoredEvent stored(long seq) {
        return new StoredEvent(seq, id, draft.type(), draft.tenant(), draft.subject(), draft.serverId(),
                draft.serverSlug(), draft.flowId(), draft.connectionId(), draft.contextJson(), draft.fields(), notice,
                createdAt);
    }
}
