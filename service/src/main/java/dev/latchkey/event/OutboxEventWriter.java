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
        PendingEvent event = prepare(draft);
        return event.stored(EventStore.append(handle, event, signal::fire));
    }

    @Override
    public PendingEvent prepare(EventDraft draft) {
        String id = Ids.mint("evt");
        Instant now = Instant.ofEpochMilli(clock.millis()); // what is stored: the returned event equals the read-back one
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put("EventID", id);
        notice.put("EventType", draft.type());
        notice.put("MCPServerID", draft.serverId());
        notice.put("MCPSlug", draft.serverSlug());
        notice.putAll(draft.fields());
        return new PendingEvent(id, draft, MessageContextNotice.render(notice), toJson(draft.fields()), now);
    }

    @Override
    public void written() {
        signal.fire();
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event fields", e);
        }
    }
}
