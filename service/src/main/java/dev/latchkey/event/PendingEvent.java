package dev.latchkey.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * An event with everything decided but its seq, so that it can be written in the same statement as
 * the change it reports ({@link EventWriter#prepare}): by name under the {@code ev} prefix
 * ({@link #INSERT}, {@link #bind}), or by position ({@link #COLUMNS}, {@link #values}).
 */
public record PendingEvent(String id, EventDraft draft, String notice, String payloadJson, Instant createdAt) {

    /** The insert, without {@code RETURNING}: callers add the way they read the new seq. */
    public static final String INSERT = """
            INSERT INTO events (id, tenant, type, subject, server_id, server_slug, flow_id, connection_id,
                                context_json, payload_json, notice, created_at)
            VALUES (:evId, :evTenant, :evType, :evSubject, :evServerId, :evServerSlug, :evFlowId, :evConnectionId,
                    :evContext, :evPayload, :evNotice, :evCreatedAt)""";

    /** The columns of {@link #INSERT}, in order, for a statement that binds by position. */
    public static final List<String> COLUMNS = List.of("id", "tenant", "type", "subject", "server_id", "server_slug",
            "flow_id", "connection_id", "context_json", "payload_json", "notice", "created_at");

    /** The values in {@link #COLUMNS} order (nulls where a column is empty). */
    public List<Object> values() {
        return Arrays.asList(id, draft.tenant(), draft.type(), draft.subject(), draft.serverId(), draft.serverSlug(),
                draft.flowId().orElse(null), draft.connectionId().orElse(null), draft.contextJson().orElse(null),
                payloadJson, notice, createdAt.toEpochMilli());
    }

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
