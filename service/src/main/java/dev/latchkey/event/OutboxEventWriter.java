package dev.latchkey.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes events to the {@code events} table, rendering their notice once, at write time, and rings
 * the {@link EventSignal} once the caller's transaction has committed (never before: a reader
 * woken early would find nothing, or an event that is then rolled back).
 */
public final class OutboxEventWriter implements EventWriter {

    private final ObjectMapper json;
    private final Clock clock;
    private final EventSignal signal;

    public OutboxEventWriter(ObjectMapper json, Clock clock) {
        this(json, clock, new EventSignal());
    }

    public OutboxEventWriter(ObjectMapper json, Clock clock, EventSignal signal) {
        this.json = json;
        this.clock = clock;
        this.signal = signal;
    }

    @Override
    public StoredEvent append(Handle handle, EventDraft draft) {
        String id = Ids.mint("evt");
        Instant now = Instant.ofEpochMilli(clock.millis()); // what is stored: the returned event equals the read-back one
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put("EventID", id);
        notice.put("EventType", draft.type());
        notice.put("MCPServerID", draft.serverId());
        notice.put("MCPSlug", draft.serverSlug());
        notice.putAll(draft.fields());
        String rendered = MessageContextNotice.render(notice);
        long seq = handle.createUpdate("""
                        INSERT INTO events (id, tenant, type, subject, server_id, server_slug, flow_id, connection_id,
                                            context_json, payload_json, notice, created_at)
                        VALUES (:id, :tenant, :type, :subject, :serverId, :serverSlug, :flowId, :connectionId,
                                :context, :payload, :notice, :createdAt)""")
                .bind("id", id)
                .bind("tenant", draft.tenant())
                .bind("type", draft.type())
                .bind("subject", draft.subject())
                .bind("serverId", draft.serverId())
                .bind("serverSlug", draft.serverSlug())
                .bind("flowId", draft.flowId().orElse(null))
                .bind("connectionId", draft.connectionId().orElse(null))
                .bind("context", draft.contextJson().orElse(null))
                .bind("payload", toJson(draft.fields()))
                .bind("notice", rendered)
                .bind("createdAt", now.toEpochMilli())
                .executeAndReturnGeneratedKeys("seq")
                .mapTo(Long.class)
                .one();
        if (handle.isInTransaction()) {
            handle.afterCommit(signal::fire);
        } else {
            signal.fire();
        }
        return new StoredEvent(seq, id, draft.type(), draft.tenant(), draft.subject(), draft.serverId(),
                draft.serverSlug(), draft.flowId(), draft.connectionId(), draft.contextJson(), draft.fields(),
                rendered, now);
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event fields", e);
        }
    }
}
