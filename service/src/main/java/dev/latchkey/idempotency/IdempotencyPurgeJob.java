package dev.latchkey.idempotency;

import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets idempotency keys past their retention, now and then. Safe on several instances: a delete is a delete. */
public final class IdempotencyPurgeJob implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final IdempotencyKeys keys;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public IdempotencyPurgeJob(IdempotencyKeys keys, Duration interval) {
        this.keys = keys;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-purge");
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
            keys.purgeExpired();
        } catch (RuntimeException e) {
            LOG.warn("Idempotency key purge failed; retrying at the next interval: {}", e.getClass().getName());
        }
    }
}
