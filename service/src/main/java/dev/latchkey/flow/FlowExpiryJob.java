package dev.latchkey.flow;

import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires pending flows past their deadline (status, timeline step and result event together), and
 * purges finished flows and their steps after the retention period. Safe on several instances:
 * expiring is a conditional update, so each flow expires once.
 */
public final class FlowExpiryJob implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(FlowExpiryJob.class);
    private static final int BATCH = 200;

    private final FlowStore store;
    private final Duration interval;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public FlowExpiryJob(FlowStore store, Duration interval, Duration retention, Clock clock) {
        this.store = store;
        this.interval = interval;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "flow-expiry");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        JobExecutors.stop(executor);
    }

    private void runSafely() {
        try {
            expireOverdue();
            purgeFinished();
        } catch (RuntimeException e) {
            LOG.warn("Flow expiry pass failed; retrying at the next interval: {}", e.getClass().getName(), e);
        }
    }

    /** Expires every overdue pending flow; returns how many this pass expired. */
    public int expireOverdue() {
        int expired = 0;
        List<Flow> overdue;
        do {
            overdue = store.overdue(clock.millis(), BATCH);
            for (Flow flow : overdue) {
                Timeline timeline = new Timeline(clock);
                timeline.start("expiry").ok("deadline " + flow.expiresAt() + " passed");
                if (store.finish(flow, FlowStatus.EXPIRED, "expired",
                        "The user did not complete the authorization in time.", timeline.steps())) {
                    expired++;
                }
            }
        } while (overdue.size() == BATCH);
        return expired;
    }

    /**
     * Deletes flows finished before the retention period, with their steps; returns how many. A flow
     * finishes after it starts, so each final status is walked on its (status, created_at) index up
     * to the cut-off: this runs every interval, and must not scan the table.
     */
    public int purgeFinished() {
        long before = clock.millis() - retention.toMillis();
        int purged = 0;
        for (FlowStatus status : FlowStatus.values()) {
            if (status == FlowStatus.PENDING) {
                continue;
            }
            int batch;
            do {
                batch = store.purgeFinished(status, before, BATCH);
                purged += batch;
            } while (batch == BATCH);
        }
        return purged;
    }
}
