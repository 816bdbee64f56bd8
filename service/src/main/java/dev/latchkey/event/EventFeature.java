package dev.latchkey.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.event.webhook.Deliveries;
import dev.latchkey.event.webhook.DeliveriesResource;
import dev.latchkey.event.webhook.DeliveryFanout;
import dev.latchkey.event.webhook.DeliveryProcessor;
import dev.latchkey.event.webhook.DeliveryQueries;
import dev.latchkey.event.webhook.DeliveryWorker;
import dev.latchkey.event.webhook.RetrySchedule;
import dev.latchkey.event.webhook.WebhookSender;
import dev.latchkey.event.webhook.WebhookUrlPolicy;
import dev.latchkey.event.webhook.Webhooks;
import dev.latchkey.event.webhook.WebhooksResource;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.security.Sealer;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The event feature wired together: the outbox writer (for the flow engine), the pull API and
 * instructions, webhooks and their delivery worker, and the read side for the console.
 */
public final class EventFeature {

    private final EventWriter writer;
    private final DeliveryQueries deliveryQueries;
    private final Webhooks webhooks;
    private final Deliveries deliveries;

    private EventFeature(EventWriter writer, DeliveryQueries deliveryQueries, Webhooks webhooks,
                         Deliveries deliveries) {
        this.writer = writer;
        this.deliveryQueries = deliveryQueries;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** What the feature needs from the rest of the application. */
    public record Needs(Jdbi jdbi, Sealer sealer, AuditLog audit, OutboundHttp http, Clock clock,
                        boolean allowPrivateNetworks) {
    }

    /** Per-tenant bounds on this instance (each 0: none): parked long polls, webhook sends in flight. */
    public record TenantLimits(int longPollWaiters, int deliveriesInFlight) {
    }

    public static EventFeature install(Environment environment, EventsFactory config, TenantLimits limits,
                                       Needs needs) {
        ObjectMapper json = environment.getObjectMapper();
        EventsFactory.Webhooks hooks = config.getWebhooks();
        EventSignal signal = new EventSignal();
        EventStore store = new EventStore(needs.jdbi(), json);
        EventLongPoll longPoll = new EventLongPoll(new EventFeed(store, needs.clock(), java(config.getSettleWindow())),
                signal, needs.clock(), java(config.getLongPollInterval()),
                new TenantConcurrency(limits.longPollWaiters(), "waiting event requests"));
        environment.lifecycle().manage(longPoll);
        Webhooks webhooks = new Webhooks(needs.jdbi(), needs.sealer(), needs.audit(), needs.clock(),
                new WebhookUrlPolicy(needs.allowPrivateNetworks()), java(hooks.getSecretOverlap()));
        Deliveries deliveries = new Deliveries(needs.jdbi(), webhooks, needs.audit(), signal, needs.clock());
        if (hooks.isDeliver()) {
            RetrySchedule schedule = new RetrySchedule(hooks.getRetrySchedule().stream().map(EventFeature::java).toList());
            DeliveryProcessor processor = new DeliveryProcessor(needs.jdbi(), store, webhooks,
                    new WebhookSender(needs.http(), json, needs.clock()), schedule, needs.clock());
            environment.lifecycle().manage(new DeliveryWorker(needs.jdbi(),
                    new DeliveryFanout(needs.jdbi(), store, needs.clock(), java(hooks.getFanoutSettle()),
                            hooks.getFanoutBatch()),
                    processor, signal, needs.clock(), java(hooks.getPollInterval()), java(hooks.getLease()),
                    hooks.getConcurrency(), new TenantConcurrency(limits.deliveriesInFlight(), "webhook deliveries")));
        }
        environment.jersey().register(new EventsResource(longPoll, json));
        environment.jersey().register(new InstructionsResource());
        environment.jersey().register(new WebhooksResource(webhooks, deliveries));
        environment.jersey().register(new DeliveriesResource(deliveries));
        return new EventFeature(new OutboxEventWriter(json, needs.clock(), signal), new DeliveryQueries(needs.jdbi()),
                webhooks, deliveries);
    }

    /** For the flow engine: appends events inside its transactions. */
    public EventWriter writer() {
        return writer;
    }

    /** For the console. */
    public DeliveryQueries deliveryQueries() {
        return deliveryQueries;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    private static java.time.Duration java(Duration duration) {
        return java.time.Duration.ofMillis(duration.toMilliseconds());
    }
}
