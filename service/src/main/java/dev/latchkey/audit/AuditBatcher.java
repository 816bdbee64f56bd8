package dev.latchkey.audit;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit entries for actions too frequent to pay for a write of their own — above all token reads,
 * whose whole cost is one indexed read and one decryption. The same action by the same actor on the
 * same target within one {@code interval} becomes one entry that says how often and between when
 * (a row per read would double the database's work per token read); a background thread writes them,
 * one transaction per batch, every {@code interval} and once more on stop. Past {@code capacity}
 * distinct entries waiting, a new one is written on the caller's thread rather than lost; a failed
 * batch is kept for the next round.
 */
public final class AuditBatcher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AuditBatcher.class);
    private static final int MAX_BATCH = 500;

    private final AuditLog log;
    private final Duration interval;
    private final int capacity;
    private final Map<AuditEntry, Tally> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService writer;

    public AuditBatcher(AuditLog log, Duration interval, int capacity) {
        this.log = log;
        this.interval = interval;
        this.capacity = capacity;
    }

    /** How often one entry happened in a round, and from when to when. */
    private static final class Tally {
        private final Instant first;
        private Instant last;
        private long count;

        Tally(Instant at) {
            first = at;
            last = at;
            count = 1;
        }

        Tally add(Instant at) {
            last = at.isAfter(last) ? at : last;
            count++;
            return this;
        }
    }

    /** Records an action soon; costs the caller a clock read and a map update. */
    public void record(AuditEntry.ActorType actorType, String actor, String tenant, String action, String targetType,
                       String targetId, AuditEntry.Outcome outcome, String details) {
        // The entry without id and time is the key: what happened, by whom, to what.
        AuditEntry what = new AuditEntry("", Instant.EPOCH, actorType, actor, tenant, action, targetType, targetId,
                outcome, details);
        Instant now = log.now();
        if (pending.size() >= capacity && !pending.containsKey(what)) {
            log.writeAll(List.of(log.entry(actorType, actor, tenant, action, targetType, targetId, outcome, details)));
            return;
        }
        pending.compute(what, (key, tally) -> tally == null ? new Tally(now) : tally.add(now));
    }

    @Override
    public void start() {
        writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-batcher");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (writer != null) {
            writer.shutdown();
            writer.awaitTermination(10, TimeUnit.SECONDS);
        }
        flush();
    }

    /** Writes everything recorded so far. */
    void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        List<Map.Entry<AuditEntry, Tally>> taken = new ArrayList<>();
        for (AuditEntry what : List.copyOf(pending.keySet())) {
            Tally tally = pending.remove(what);
            if (tally != null) {
                taken.add(Map.entry(what, tally));
                batch.add(entry(what, tally));
            }
            if (batch.size() == MAX_BATCH) {
                write(batch, taken);
                batch.clear();
                taken.clear();
            }
        }
        if (!batch.isEmpty()) {
            write(batch, taken);
        }
    }

    private AuditEntry entry(AuditEntry what, Tally tally) {
        String details = tally.count == 1 ? what.details()
                : (what.details() == null ? "" : what.details() + "; ") + tally.count + " times, " + tally.first
                + " to " + tally.last;
        return log.entry(what.actorType(), what.actor(), what.tenant(), what.action(), what.targetType(),
                what.targetId(), what.outcome(), details).at(tally.first);
    }

    private void write(List<AuditEntry> batch, List<Map.Entry<AuditEntry, Tally>> taken) {
        try {
            log.writeAll(batch);
        } catch (RuntimeException e) {
            // Kept for the next round, merged with whatever was recorded meanwhile.
            taken.forEach(t -> pending.merge(t.getKey(), t.getValue(), AuditBatcher::merge));
            LOG.warn("could not write {} audit entries ({}); kept for the next round", batch.size(),
                    e.getClass().getSimpleName());
        }
    }

    private static Tally merge(Tally older, Tally newer) {
        Tally merged = new Tally(older.first.isBefore(newer.first) ? older.first : newer.first);
        merged.last = older.last.isAfter(newer.last) ? older.last : newer.last;
        merged.count = older.count + newer.count;
        return merged;
    }
}
