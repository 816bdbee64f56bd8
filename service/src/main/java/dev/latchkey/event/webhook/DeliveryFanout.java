package dev.latchkey.event.webhook;

import dev.latchkey.event.EventStore;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Turns new events into delivery rows, one per matching enabled webhook of the event's tenant.
 *
 * <p>The position is durable ({@code delivery_fanout.last_seq}) and shared by every instance; the
 * insert is idempotent, so two instances, or one restarted after a crash, fan out the same event
 * at most once per webhook. The outbox visibility gap: seqs can commit out of order, so the
 * durable position only moves past events older than a settle window (default 30 s); until then
 * each pass re-lists the seqs between the durable position and the highest one seen (one cheap
 * index scan) and fans out any that committed late. An event is missed only if its transaction
 * commits more than the window after its insert.
 */
public final class DeliveryFanout {

    private final Jdbi jdbi;
    private final EventStore events;
    private final Clock clock;
    private final Duration settle;
    private final int batchSize;
    /** Seqs fanned out by this instance beyond the durable position, with their creation times. */
    private final TreeMap<Long, Long> fannedOut = new TreeMap<>();
    private long scannedUpTo;

    public DeliveryFanout(Jdbi jdbi, EventStore events, Clock clock, Duration settle, int batchSize) {
        this.jdbi = jdbi;
        this.events = events;
        this.clock = clock;
        this.settle = settle;
        this.batchSize = batchSize;
    }

    /** One pass; returns how many events it fanned out. Not thread-safe: one caller (the worker's tick). */
    public int pass() {
        long durable = jdbi.withExtension(DeliveryDao.class, DeliveryDao::fanoutPosition);
        if (scannedUpTo < durable) {
            scannedUpTo = durable;
        }
        fannedOut.headMap(durable, true).clear();
        List<Webhook> hooks = jdbi.withExtension(WebhookDao.class, WebhookDao::listEnabled);
        int count = 0;
        for (long seq : events.seqsBetween(durable, scannedUpTo)) {
            if (!fannedOut.containsKey(seq)) {
                count += events.bySeq(seq).map(e -> fanOut(e, hooks)).orElse(0);
            }
        }
        for (StoredEvent event : events.after(scannedUpTo, batchSize)) {
            count += fanOut(event, hooks);
            scannedUpTo = event.seq();
        }
        advance(durable);
        return count;
    }

    private int fanOut(StoredEvent event, List<Webhook> hooks) {
        List<Webhook> matching = hooks.stream()
                .filter(w -> w.tenant().equals(event.tenant()) && w.wants(event.type())
                        && w.createdAt() <= event.createdAt().toEpochMilli())
                .toList();
        // Most events have no webhook at all: then there is nothing to write and no connection to take.
        if (!matching.isEmpty()) {
            long now = clock.millis();
            jdbi.useExtension(DeliveryDao.class, dao -> matching.forEach(w -> insertOnce(dao, w, event, now)));
        }
        fannedOut.put(event.seq(), event.createdAt().toEpochMilli());
        return 1;
    }

    private static void insertOnce(DeliveryDao dao, Webhook webhook, StoredEvent event, long now) {
        try {
            dao.insertIfAbsent(Ids.mint("dlv"), webhook.id(), event.tenant(), event.seq(), event.id(), event.type(),
                    now);
        } catch (UnableToExecuteStatementException e) {
            // Another instance inserted the same (webhook, event) between our check and our insert.
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                throw e;
            }
        }
    }

    /** Moves the durable position over the settled prefix of what this instance has fanned out. */
    private void advance(long durable) {
        long settledBefore = clock.millis() - settle.toMillis();
        long to = durable;
        for (Map.Entry<Long, Long> entry : fannedOut.entrySet()) {
            if (entry.getValue() >= settledBefore) {
                break;
            }
            to = entry.getKey();
        }
        if (to > durable) {
            long target = to;
            jdbi.useExtension(DeliveryDao.class, dao -> dao.advanceFanout(target, clock.millis()));
            fannedOut.headMap(to, true).clear();
        }
    }
}
