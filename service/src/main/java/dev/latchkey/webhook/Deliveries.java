package dev.latchkey.webhook;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.event.EventSignal;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** A tenant's view of its deliveries: per webhook, newest first, with attempts; and retry by hand. */
public final class Deliveries {

    private final DeliveryStore store;
    private final Webhooks webhooks;
    private final AuditLog audit;
    private final EventSignal signal;
    private final Clock clock;

    public Deliveries(Jdbi jdbi, Webhooks webhooks, AuditLog audit, EventSignal signal, Clock clock) {
        this.store = new DeliveryStore(jdbi);
        this.webhooks = webhooks;
        this.audit = audit;
        this.signal = signal;
        this.clock = clock;
    }

    public Page<DeliveryView> forWebhook(String tenant, String webhookId, String cursor, int limit) {
        webhooks.find(tenant, webhookId);
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Delivery> rows = store.pageForWebhook(webhookId, position.at(), position.id(), limit + 1);
        Page<Delivery> page = Page.fromLookahead(rows, limit, delivery -> new Cursor(delivery.createdAt(), delivery.id()));
        return page.withItems(withAttempts(page.items()));
    }

    /** Schedules the delivery now, whatever its state; a dead one gets one more attempt. */
    public DeliveryView retry(Caller caller, String deliveryId) {
        long now = clock.millis();
        int changed = store.retryNow(caller.tenant(), deliveryId, now, h -> audit.record(h,
                AuditEntry.ActorType.API_KEY, "lk_" + caller.keyPrefix(), caller.tenant(), "delivery.retry", "delivery",
                deliveryId, AuditEntry.Outcome.SUCCESS, null));
        if (changed == 0) {
            throw Failure.notFound("not_found", "Delivery " + Webhooks.safeId(deliveryId) + " was not found.");
        }
        signal.fire();
        Delivery delivery = store.find(deliveryId).orElseThrow();
        return withAttempts(List.of(delivery)).get(0);
    }

    /** An operator's retry, in any tenant, audited as the operator; false when the delivery is unknown. */
    public boolean retryByOperator(String deliveryId, String operator) {
        long now = clock.millis();
        boolean changed = store.retryNowAnyTenant(deliveryId, now, (h, delivery) -> audit.record(h,
                AuditEntry.ActorType.OPERATOR, operator, delivery.tenant(), "delivery.retry", "delivery", deliveryId,
                AuditEntry.Outcome.SUCCESS, null));
        if (changed) {
            signal.fire();
        }
        return changed;
    }

    private List<DeliveryView> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Map<String, List<DeliveryAttempt>> attempts = store.attempts(deliveries.stream().map(Delivery::id).toList())
                .stream()
                .collect(Collectors.groupingBy(DeliveryAttempt::deliveryId));
        return deliveries.stream().map(d -> DeliveryView.of(d, attempts.getOrDefault(d.id(), List.of()))).toList();
    }
}
