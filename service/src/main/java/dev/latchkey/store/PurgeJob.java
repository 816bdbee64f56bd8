package dev.latchkey.store;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has outlived its time (idle gateway sessions, expired idempotency keys), now and then.
 * Safe on several instances: a delete is a delete. A failed pass is logged and tried again next time.
 */
public final class PurgeJob implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeJob.class);

    private final String what;
    private final IntSupplier purge;
    private final Duration interval;
    private ScheduledExecutorService executor;

    /** {@code what}: what is purged, for the thread name and the log; {@code purge}: one pass, the rows deleted. */
    public PurgeJob(String what, IntSupplier purge, Duration interval) {
        this.what = what;
        this.purge = purge;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "purge-" + what.replace(' ', '-'));
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::purgeSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        JobExecutors.stop(executor);
    }

    private void purgeSafely() {
        try {
            int purged = purge.getAsInt();
            if (purged > 0) {
                LOG.debug("Purged {} {}", purged, what);
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging {} failed; retrying at the next interval: {}", what, e.getClass().getName(), e);
        }
    }
}
