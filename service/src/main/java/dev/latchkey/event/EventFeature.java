package dev.latchkey.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.metrics.DomainMetrics;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The event feature wired together: the outbox writer (for the flow engine), the pull API and
 * instructions. Webhook delivery builds on it ({@code dev.latchkey.webhook.WebhookFeature}).
 */
public final class EventFeature {

    private final EventWriter writer;
    private final EventStore store;
    private final EventSignal signal;

    private EventFeature(EventWriter writer, EventStore store, EventSignal signal) {
        this.writer = writer;
        this.store = store;
        this.signal = signal;
    }

    public static EventFeature install(Environment environment, EventsFactory config, int longPollWaitersPerTenant,
                                       Jdbi jdbi, Clock clock, DomainMetrics metrics) {
        ObjectMapper json = environment.getObjectMapper();
        EventSignal signal = new EventSignal();
        EventStore store = new EventStore(jdbi, json);
        EventLongPoll longPoll = new EventLongPoll(new EventFeed(store, clock, java(config.getSettleWindow())),
                signal, clock, java(config.getLongPollInterval()),
                new TenantConcurrency(longPollWaitersPerTenant, "waiting event requests",
                        () -> metrics.limitRefused(DomainMetrics.Limit.LONG_POLL_WAITERS)));
        environment.lifecycle().manage(longPoll);
        environment.jersey().register(new EventsResource(longPoll, json));
        environment.jersey().register(new InstructionsResource());
        return new EventFeature(new OutboxEventWriter(json, clock, signal), store, signal);
    }

    /** For the flow engine: appends events inside its transactions. */
    public EventWriter writer() {
        return writer;
    }

    /** For delivery: the committed events. */
    public EventStore store() {
        return store;
    }

    /** For delivery: fired when an event commits. */
    public EventSignal signal() {
        return signal;
    }

    public static java.time.Duration java(Duration duration) {
        return java.time.Duration.ofMillis(duration.toMilliseconds());
    }
}
