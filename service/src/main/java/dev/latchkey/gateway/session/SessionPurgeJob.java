package dev.latchkey.gateway.session;

import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes gateway sessions idle past their timeout, now and then. Safe on several instances: a delete is a delete. */
public final class SessionPurgeJob implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPurgeJob.class);

    private final GatewaySessions sessions;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public SessionPurgeJob(GatewaySessions sessions, Duration interval) {
        this.sessions = sessions;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gateway-session-purge");
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
            int purged = sessions.purgeIdle();
            if (purged > 0) {
                LOG.debug("Purged {} idle gateway sessions", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Gateway session purge failed; retrying at the next interval: {}", e.getClass().getName(), e);
        }
    }
}
