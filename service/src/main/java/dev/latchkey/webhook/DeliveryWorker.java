package dev.latchkey.webhook;

import dev.latchkey.event.EventSignal;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.store.Ids;
import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 *
 * <p>Fair across tenants: each tenant has at most so many deliveries in flight on this instance,
 * and a tenant at that bound is left out of the claim, so a tenant whose receivers hang until the
 * timeout holds only its own places and the other tenants' events go out on the free senders.
 */
public final class DeliveryWorker implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Under load every request writes an event: a pass per event would cost more than the events. */
    private static final Duration COALESCE = Duration.ofMillis(50);

    private final DeliveryStore store;
    private final DeliveryFanout fanout;
    private final DeliveryProcessor processor;
    private final EventSignal signal;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lease;
    private final int concurrency;
    private final TenantConcurrency inFlight;
    private final String owner = Ids.mint("wrk");
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final Runnable onSignal = this::queueTick;
    private Semaphore slots;
    private ScheduledExecutorService scheduler;
    private ExecutorService senders;

    public DeliveryWorker(Jdbi jdbi, DeliveryFanout fanout, DeliveryProcessor processor, EventSignal signal,
                          Clock clock, Duration pollInterval, Duration lease, int concurrency,
                          TenantConcurrency inFlight) {
        this.store = new DeliveryStore(jdbi);
        this.fanout = fanout;
        this.processor = processor;
        this.signal = signal;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.concurrency = concurrency;
        this.inFlight = inFlight;
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

    /**
     * Fills the free senders, oldest due first, skipping tenants at their bound. A window in which
     * a tenant reached its bound may have hidden other tenants' deliveries behind it, so then the
     * claim looks again without that tenant (at most once per sender).
     */
    private void claimAndSend() {
        long now = clock.millis();
        for (int round = 0; round < concurrency; round++) {
            int free = slots.availablePermits();
            if (free == 0) {
                return;
            }
            List<DeliveryDao.Due> due = store.due(now, free * 2, inFlight.full());
            boolean heldBack = false;
            for (DeliveryDao.Due delivery : due) {
                if (!inFlight.tryEnter(delivery.tenant())) {
                    heldBack = true;
                    continue;
                }
                if (!slots.tryAcquire()) {
                    inFlight.leave(delivery.tenant());
                    return;
                }
                if (!claim(delivery, now)) {
                    slots.release();
                    inFlight.leave(delivery.tenant());
                }
            }
            if (!heldBack) {
                return;
            }
        }
    }

    private boolean claim(DeliveryDao.Due delivery, long now) {
        boolean claimed = store.claim(delivery.id(), owner, now + lease.toMillis(), now);
        if (claimed) {
            senders.execute(() -> send(delivery));
        }
        return claimed;
    }

    private void send(DeliveryDao.Due delivery) {
        try {
            processor.process(delivery.id(), owner);
        } catch (RuntimeException e) {
            LOG.warn("delivery {} attempt failed unexpectedly, the lease will expire and it will be retried: {}",
                    delivery.id(), e.toString());
        } finally {
            inFlight.leave(delivery.tenant());
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
