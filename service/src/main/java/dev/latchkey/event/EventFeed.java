package dev.latchkey.event;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's events in order, for the pull API.
 *
 * <p>The outbox visibility gap: {@code seq} is taken at insert, but transactions commit in any
 * order, so a reader that has handed out seq 12 could later see seq 11 commit and, with a naive
 * {@code seq > cursor}, skip it forever. The feed therefore only hands out events older than a
 * small settle window: by then every transaction that inserted a lower seq has committed (event
 * transactions are short: a state change and its event, no network calls inside). This costs the
 * reader the window in latency (about a second) and keeps the cursor a plain seq. Webhook fan-out
 * uses a different, wider safeguard (see DeliveryFanout).
 */
public final class EventFeed {

    private final EventStore store;
    private final Clock clock;
    private final Duration settle;

    public EventFeed(EventStore store, Clock clock, Duration settle) {
        this.store = store;
        this.clock = clock;
        this.settle = settle;
    }

    /** What a reader asks for. */
    public record Request(String tenant, EventCursor after, Optional<String> type, Optional<String> subject,
                          int limit) {
    }

    /** What it gets: the events and where to continue from (the same position when there were none). */
    public record Batch(List<StoredEvent> events, EventCursor next) {

        public boolean isEmpty() {
            return events.isEmpty();
        }
    }

    public Batch read(Request request) {
        long upTo = clock.millis() - settle.toMillis();
        List<StoredEvent> events = store.page(new EventStore.Query(request.tenant(), request.after().seq(),
                request.type(), request.subject(), upTo, request.limit()));
        EventCursor next = events.isEmpty() ? request.after() : new EventCursor(events.get(events.size() - 1).seq());
        return new Batch(events, next);
    }
}
