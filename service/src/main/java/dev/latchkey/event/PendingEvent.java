package dev.latchkey.event;

import dev.latchkey.store.Inserts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An event with everything decided but its seq, so that it can be written in the same statement as
 * the change it reports ({@link EventWriter#prepare}), or on its own ({@link EventWriter#append}):
 * its row is {@link #values()} in {@link #COLUMNS} order.
 */
public record PendingEvent(String id, EventDraft draft, String notice, String payloadJson, Instant createdAt) {

    /** The columns of an event's row, in the order of {@link #values()}. */
    public static final List<String> COLUMNS = List.of("id", "tenant", "type", "subject", "server_id", "server_slug",
            "flow_id", "connection_id", "context_json", "payload_json", "notice", "created_at");
    /** One event's insert, with positional parameters in {@link #COLUMNS} order. */
    public static final String INSERT = Inserts.sql("events", COLUMNS, 1);

    /** The values in {@link #COLUMNS} order (nulls where a column is empty). */
    public List<Object> values() {
        return Arrays.asList(id, draft.tenant(), draft.type(), draft.subject(), draft.serverId(), draft.serverSlug(),
                draft.flowId().orElse(null), draft.connectionId().orElse(null), draft.contextJson().orElse(null),
                payloadJson, notice, createdAt.toEpochMilli());
    }

    /** The event as stored under the seq the database gave it. */
    public StoredEvent stored(long seq) {
        return new StoredEvent(seq, id, draft.type(), draft.tenant(), draft.subject(), draft.serverId(),
                draft.serverSlug(), draft.flowId(), draft.connectionId(), draft.contextJson(), draft.fields(), notice,
                createdAt);
    }
}
