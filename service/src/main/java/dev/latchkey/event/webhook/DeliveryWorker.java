package dev.latchkey.event.webhook;

import dev.latchkey.event.EventSignal;
import dev.latchkey.store.Ids;
import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background delivery loop: on every tick (and whenever this instance writes an event or
 * finishes an attempt) it fans out new events, then claims due deliveries with a lease and hands
 * them to a small pool of senders. The lease outlives the longest possible attempt, so while a
 * worker is sending, no other worker on the same database can claim that delivery.
 */
public final class DeliveryWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Under load every request writes an event: a pass per event would cost more than the events. */
    private static final Duration COALESCE = Duration.ofMillis(50);

    private final Jdbi jdbi;
    private final DeliveryFanout fanout;
    private final DeliveryProcessor processor;
    private final EventSignal signal;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lease;
    private final int concurrency;
    private final String owner = Ids.mint("wrk");
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final Runnable onSignal = this::queueTick;
    private Semaphore slots;
    private ScheduledExecutorService scheduler;
    private ExecutorService senders;

    public DeliveryWorker(Jdbi jdbi, DeliveryFanout fanout, DeliveryProcessor processor, EventSignal signal,
                          Clock clock, Duration pollInterval, Duration lease, int concurrency) {
        this.jdbi = jdbi;
        this.fanout = fanout;
        this.processor = processor;
        this.signal = signal;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.concurrency = concurrency;
    }

    @Override
    public void start() {
        slots = new Semaphore(concurrency);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "delivery-worker"));
        senders = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "delivery-sender"));
        scheduler.scheduleWithFixedDelay(this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        signal.subscribe(onSignal);
    }

    @Override
    public void stop() throws InterruptedException {
        signal.unsubscribe(onSignal);
        // The scheduler first: a tick in progress may still hand work to the senders.
        JobExecutors.stop(scheduler);
        JobExecutors.stop(senders);
    }

    /** A tick soon after an event is written: one for all the events written within {@link #COALESCE}. */
    private void queueTick() {
        if (tickQueued.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::tick, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                tickQueued.set(false);
            }
        }
    }

    private void tick() {
        tickQueued.set(false);
        try {
            fanout.pass();
            claimAndSend();
        } catch (RuntimeException e) {
            LOG.warn("delivery pass failed, will retry: {}", e.toString());
        }
    }

    private void claimAndSend() {
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        long now = clock.millis();
        for (String id : DeliveryDao.dueIds(jdbi, now, free * 2)) {
            if (!slots.tryAcquire()) {
                return;
            }
            boolean claimed = jdbi.withExtension(DeliveryDao.class,
                    dao -> dao.claim(id, owner, now + lease.toMillis(), now)) == 1;
            if (claimed) {
                senders.execute(() -> send(id));
            } else {
                slots.release();
            }
        }
    }

    private void send(String id) {
        try {
            processor.process(id, owner);
        } catch (RuntimeException e) {
            LOG.warn("delivery {} attempt failed unexpectedly, the lease will expire and it will be retried: {}",
                    id, e.toString());
        } finally {
            slots.release();
            queueTick();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
