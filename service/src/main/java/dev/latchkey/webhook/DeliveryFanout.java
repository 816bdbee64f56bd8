package dev.latchkey.webhook;

import dev.latchkey.event.EventHeader;
import dev.latchkey.event.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns new events into delivery rows, one per matching enabled webhook of the event's tenant.
 *
 * <p>The position is durable ({@code delivery_fanout.last_seq}) and shared by every instance; the
 * insert is idempotent, so two instances, or one restarted after a crash, fan out the same event
 * at most once per webhook. The outbox visibility gap: seqs can commit out of order, so a seq below
 * the highest one seen that has not been seen is a <em>gap</em> — a transaction still running, or
 * one rolled back. Each pass looks up the open gaps only (usually none, or a few single seqs), and
 * the durable position never moves past an open gap; a gap is given up once it has been open for
 * the settle window (default 30 s). An event is missed only if its transaction commits more than
 * the window after a later one did.
 */
public final class DeliveryFanout {

    private static final long ADVANCE_EVERY_MILLIS = 1000;

    private final DeliveryStore store;
    private final EventStore events;
    private final Clock clock;
    private final Duration settle;
    private final int batchSize;
    /** Open gaps by their first seq: seqs below {@link #scannedUpTo} not seen yet. */
    private final TreeMap<Long, Gap> gaps = new TreeMap<>();
    private long scannedUpTo;
    private long advancedAt = Long.MIN_VALUE / 2;

    /** Seqs {@code from..to} not seen yet, first noticed at {@code noticedAt}. */
    private record Gap(long from, long to, long noticedAt) {
        boolean single() {
            return from == to;
        }
    }

    public DeliveryFanout(Jdbi jdbi, EventStore events, Clock clock, Duration settle, int batchSize) {
        this.store = new DeliveryStore(jdbi);
        this.events = events;
        this.clock = clock;
        this.settle = settle;
        this.batchSize = batchSize;
    }

    /** One pass; returns how many events it fanned out. Not thread-safe: one caller (the worker's tick). */
    public int pass() {
        DeliveryStore.FanoutSnapshot snapshot = store.fanoutSnapshot();
        long durable = snapshot.position();
        if (scannedUpTo < durable) {
            scannedUpTo = durable;
        }
        // Another instance moved the shared position past these: it saw them, or gave them up.
        gaps.headMap(durable, true).clear();
        List<Webhook> hooks = snapshot.enabled();
        long now = clock.millis();
        int count = 0;
        for (EventHeader late : lateCommits()) {
            count += fanOut(late, hooks, now);
            fill(late.seq());
        }
        for (EventHeader event : events.headersAfter(scannedUpTo, batchSize)) {
            if (event.seq() > scannedUpTo + 1) {
                gaps.put(scannedUpTo + 1, new Gap(scannedUpTo + 1, event.seq() - 1, now));
            }
            count += fanOut(event, hooks, now);
            scannedUpTo = event.seq();
        }
        gaps.values().removeIf(gap -> gap.noticedAt() < now - settle.toMillis());
        advance(durable, gaps.isEmpty() ? scannedUpTo : gaps.firstKey() - 1, now);
        return count;
    }

    /** The events of the open gaps that have committed since: single seqs in one query, wider gaps one each. */
    private List<EventHeader> lateCommits() {
        if (gaps.isEmpty()) {
            return List.of();
        }
        List<Long> singles = new ArrayList<>();
        List<EventHeader> found = new ArrayList<>();
        for (Gap gap : gaps.values()) {
            if (gap.single()) {
                singles.add(gap.from());
            } else {
                found.addAll(events.headersBetween(gap.from(), gap.to()));
            }
        }
        found.addAll(events.headersOf(singles));
        return found;
    }

    /** Takes a seen seq out of its gap, splitting the gap around it. */
    private void fill(long seq) {
        Map.Entry<Long, Gap> entry = gaps.floorEntry(seq);
        if (entry == null || entry.getValue().to() < seq) {
            return;
        }
        Gap gap = gaps.remove(entry.getKey());
        if (gap.from() < seq) {
            gaps.put(gap.from(), new Gap(gap.from(), seq - 1, gap.noticedAt()));
        }
        if (seq < gap.to()) {
            gaps.put(seq + 1, new Gap(seq + 1, gap.to(), gap.noticedAt()));
        }
    }

    private int fanOut(EventHeader event, List<Webhook> hooks, long now) {
        List<Webhook> matching = hooks.stream()
                .filter(w -> w.tenant().equals(event.tenant()) && w.wants(event.type())
                        && w.createdAt() <= event.createdAt())
                .toList();
        // Most events have no webhook at all: then there is nothing to write and no connection to take.
        if (!matching.isEmpty()) {
            store.insertOnce(matching, event, now);
        }
        return 1;
    }

    /** Moves the durable position, at most once a second: a restart re-reads at most that much (harmlessly). */
    private void advance(long durable, long to, long now) {
        if (to > durable && now - advancedAt >= ADVANCE_EVERY_MILLIS) {
            store.advanceFanout(to, now);
            advancedAt = now;
        }
    }
}
