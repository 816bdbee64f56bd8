package dev.latchkey.event;

import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parked pull requests. A waiter holds neither a Jetty thread (the request is suspended) nor a
 * database connection: one ticker thread re-reads each waiter's feed when this instance writes an
 * event (the {@link EventSignal}) and on a short interval (events written by other instances, and
 * events that have just left the settle window), and answers as soon as there is something, or
 * at the deadline with an empty batch. Each tenant may park only so many: past that a request that
 * would wait is refused (429), so one tenant cannot take every place and the ticker's time.
 */
public final class EventLongPoll implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(EventLongPoll.class);
    static final int MAX_WAITERS = 2000;

    private final EventFeed feed;
    private final EventSignal signal;
    private final Clock clock;
    private final Duration interval;
    private final TenantConcurrency perTenant;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private final Runnable onSignal = this::queueCheck;
    private ScheduledExecutorService ticker;

    /** {@code perTenant} bounds each tenant's parked requests (its limit 0: only the global bound). */
    public EventLongPoll(EventFeed feed, EventSignal signal, Clock clock, Duration interval,
                         TenantConcurrency perTenant) {
        this.feed = feed;
        this.signal = signal;
        this.clock = clock;
        this.interval = interval;
        this.perTenant = perTenant;
    }

    private record Waiter(EventFeed.Request request, long deadline, Consumer<EventFeed.Batch> answer,
                          TenantConcurrency.Permit permit) {
    }

    /**
     * Answers now if there are events or nothing to wait for; otherwise parks the request until
     * there are, or until {@code wait} has passed. Throws the 429 problem when the tenant already
     * has as many parked as it may.
     */
    public void read(EventFeed.Request request, Duration wait, Consumer<EventFeed.Batch> answer) {
        EventFeed.Batch batch = feed.read(request);
        if (!batch.isEmpty() || wait.isZero() || ticker == null || waiters.size() >= MAX_WAITERS) {
            answer.accept(batch);
            return;
        }
        TenantConcurrency.Permit permit = perTenant.enter(request.tenant());
        waiters.add(new Waiter(request, clock.millis() + wait.toMillis(), answer, permit));
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-long-poll");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        signal.subscribe(onSignal);
    }

    @Override
    public void stop() throws InterruptedException {
        signal.unsubscribe(onSignal);
        JobExecutors.stop(ticker);
        waiters.forEach(w -> answer(w, new EventFeed.Batch(java.util.List.of(), w.request().after())));
    }

    private void queueCheck() {
        if (!waiters.isEmpty() && checkQueued.compareAndSet(false, true)) {
            ticker.execute(this::check);
        }
    }

    private void check() {
        checkQueued.set(false);
        long now = clock.millis();
        for (Waiter waiter : waiters) {
            try {
                EventFeed.Batch batch = feed.read(waiter.request());
                if (!batch.isEmpty() || now >= waiter.deadline()) {
                    answer(waiter, batch);
                }
            } catch (RuntimeException e) {
                LOG.warn("long-poll read failed: {}", e.toString());
                answer(waiter, new EventFeed.Batch(java.util.List.of(), waiter.request().after()));
            }
        }
    }

    private void answer(Waiter waiter, EventFeed.Batch batch) {
        if (waiters.remove(waiter)) {
            waiter.permit().close();
            waiter.answer().accept(batch);
        }
    }
}
