package dev.latchkey.webhook;

import dev.latchkey.event.EventStore;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.metrics.DomainMetrics.WebhookAttempt;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one attempt at a delivery this worker holds the lease on, then records the attempt and
 * the outcome together: 2xx delivered; 410 dead and the webhook disabled; anything else retried
 * on the schedule until it runs out (dead). Nothing is recorded before the response: a process
 * killed mid-attempt leaves the row leased, the lease expires, another worker tries again.
 */
public final class DeliveryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final DeliveryStore deliveries;
    private final WebhookStore hooks;
    private final EventStore events;
    private final Webhooks webhooks;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final DomainMetrics metrics;

    public DeliveryProcessor(Jdbi jdbi, EventStore events, Webhooks webhooks, WebhookSender sender,
                             RetrySchedule schedule, Clock clock, DomainMetrics metrics) {
        this.metrics = metrics;
        this.deliveries = new DeliveryStore(jdbi);
        this.hooks = new WebhookStore(jdbi);
        this.events = events;
        this.webhooks = webhooks;
        this.sender = sender;
        this.schedule = schedule;
        this.clock = clock;
    }

    public void process(String deliveryId, String owner) {
        Delivery delivery = deliveries.find(deliveryId).orElseThrow();
        Optional<Webhook> webhook = hooks.findAnyTenant(delivery.webhookId());
        Optional<StoredEvent> event = events.byId(delivery.eventId());
        long started = clock.millis();
        if (webhook.isEmpty() || event.isEmpty()) {
            record(delivery, owner, started, new WebhookSender.Result(Optional.empty(),
                    Optional.of(webhook.isEmpty() ? "webhook deleted" : "event missing"), 0), true);
            return;
        }
        WebhookSender.Result result = sender.send(webhook.get(), webhooks.signingSecrets(webhook.get()), event.get());
        if (result.gone()) {
            hooks.disable(delivery.webhookId(), "the endpoint answered 410 Gone", clock.millis());
            LOG.info("webhook {} disabled: its endpoint answered 410", delivery.webhookId());
        }
        metrics.webhookAttempted(result.delivered() ? WebhookAttempt.DELIVERED
                : result.gone() ? WebhookAttempt.GONE : WebhookAttempt.FAILED);
        record(delivery, owner, started, result, result.gone());
    }

    private void record(Delivery delivery, String owner, long started, WebhookSender.Result result, boolean final_) {
        int attempt = delivery.attempts() + 1;
        long now = clock.millis();
        Optional<Duration> retryIn = result.delivered() || final_ ? Optional.empty() : schedule.after(attempt);
        DeliveryStatus status = result.delivered() ? DeliveryStatus.DELIVERED
                : retryIn.isPresent() ? DeliveryStatus.FAILED : DeliveryStatus.DEAD;
        Long next = retryIn.map(d -> now + d.toMillis()).orElse(null);
        String error = result.error().orElse(null);
        Integer code = result.statusCode().orElse(null);
        if (!deliveries.recordAttempt(delivery, owner, attempt, started, result.latencyMs(), status, code, error, next,
                result.delivered() ? now : null, now)) {
            LOG.warn("delivery {} was no longer leased by {} when its attempt finished", delivery.id(), owner);
        } else if (status == DeliveryStatus.DEAD) {
            metrics.webhookDead();
        }
    }
}
