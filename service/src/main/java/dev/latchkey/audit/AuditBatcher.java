package dev.latchkey.audit;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit entries for actions too frequent to pay for a write of their own — above all token reads,
 * whose whole cost is one indexed read and one decryption: the entry is made at once (its time is
 * the action's) and queued in memory; a background thread writes the queue in batches, one
 * transaction each, every {@code interval} and once more on stop. A full queue is written on the
 * caller's thread rather than lose an entry; a failed batch is queued again for the next round.
 */
public final class AuditBatcher implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AuditBatcher.class);
    private static final int MAX_BATCH = 500;

    private final AuditLog log;
    private final Duration interval;
    private final BlockingQueue<AuditEntry> queue;
    private ScheduledExecutorService writer;

    public AuditBatcher(AuditLog log, Duration interval, int capacity) {
        this.log = log;
        this.interval = interval;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Records an entry soon; costs the caller an id, a clock read and a queue insertion. */
    public void record(AuditEntry.ActorType actorType, String actor, String tenant, String action, String targetType,
                       String targetId, AuditEntry.Outcome outcome, String details) {
        AuditEntry entry = log.entry(actorType, actor, tenant, action, targetType, targetId, outcome, details);
        if (!queue.offer(entry)) {
            log.writeAll(List.of(entry));
        }
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

    /** Writes everything queued so far. */
    void flush() {
        List<AuditEntry> batch = new ArrayList<>(Math.min(MAX_BATCH, queue.size()));
        while (queue.drainTo(batch, MAX_BATCH) > 0) {
            try {
                log.writeAll(batch);
            } catch (RuntimeException e) {
                requeue(batch, e);
                return;
            }
            batch.clear();
        }
    }

    private void requeue(List<AuditEntry> batch, RuntimeException cause) {
        int lost = 0;
        for (AuditEntry entry : batch) {
            if (!queue.offer(entry)) {
                lost++;
            }
        }
        LOG.warn("could not write {} audit entries ({}); {} queued again, {} lost", batch.size(),
                cause.getClass().getSimpleName(), batch.size() - lost, lost);
    }
}
