package dev.latchkey.webhook;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.event.EventFeature;
import dev.latchkey.event.EventsFactory;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.security.Sealer;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

import static dev.latchkey.event.EventFeature.java;

/**
 * Webhooks wired together: their API, the delivery worker that sends committed events to them,
 * and the read side for the console.
 */
public final class WebhookFeature {

    /** The SQL objects behind webhooks and deliveries, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = List.of(WebhookDao.class, DeliveryDao.class);

    private final DeliveryQueries deliveryQueries;
    private final Webhooks webhooks;
    private final Deliveries deliveries;

    private WebhookFeature(DeliveryQueries deliveryQueries, Webhooks webhooks, Deliveries deliveries) {
        this.deliveryQueries = deliveryQueries;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** What the feature needs from the rest of the application. */
    public record Needs(Jdbi jdbi, Sealer sealer, AuditLog audit, OutboundHttp http, Clock clock,
                        boolean allowPrivateNetworks, DomainMetrics metrics) {
    }

    public static WebhookFeature install(Environment environment, EventsFactory.Webhooks config,
                                         int deliveriesInFlightPerTenant, EventFeature events, Needs needs) {
        Webhooks webhooks = new Webhooks(needs.jdbi(), needs.sealer(), needs.audit(), needs.clock(),
                new WebhookUrlPolicy(needs.allowPrivateNetworks()), java(config.getSecretOverlap()));
        Deliveries deliveries = new Deliveries(needs.jdbi(), webhooks, needs.audit(), events.signal(), needs.clock());
        if (config.isDeliver()) {
            RetrySchedule schedule = new RetrySchedule(config.getRetrySchedule().stream().map(EventFeature::java)
                    .toList());
            DeliveryProcessor processor = new DeliveryProcessor(needs.jdbi(), events.store(), webhooks,
                    new WebhookSender(needs.http(), environment.getObjectMapper(), needs.clock()), schedule,
                    needs.clock(), needs.metrics());
            DeliveryStore store = new DeliveryStore(needs.jdbi());
            needs.metrics().watchWebhookBacklog(() -> {
                long now = needs.clock().millis();
                return store.oldestDueSince(now).map(dueAt -> Duration.ofMillis(now - dueAt));
            });
            environment.lifecycle().manage(new DeliveryWorker(needs.jdbi(),
                    new DeliveryFanout(needs.jdbi(), events.store(), needs.clock(), java(config.getFanoutSettle()),
                            config.getFanoutBatch()),
                    processor, events.signal(), needs.clock(), java(config.getPollInterval()),
                    java(config.getLease()), config.getConcurrency(),
                    new TenantConcurrency(deliveriesInFlightPerTenant, "webhook deliveries")));
        }
        environment.jersey().register(new WebhooksResource(webhooks, deliveries));
        environment.jersey().register(new DeliveriesResource(deliveries));
        return new WebhookFeature(new DeliveryQueries(needs.jdbi()), webhooks, deliveries);
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
}
