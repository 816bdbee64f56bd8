package dev.latchkey.webhook;

import dev.latchkey.event.EventHeader;
import dev.latchkey.store.Ids;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The way to the webhook_deliveries and delivery_attempts tables and the shared fan-out position:
 * what the fan-out writes, what the worker claims, what an attempt records, and what a tenant or
 * an operator reads and retries.
 */
final class DeliveryStore {

    /** What a fan-out pass starts from, read with one connection. */
    record FanoutSnapshot(long position, List<Webhook> enabled) {
    }

    private final Jdbi jdbi;

    DeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    FanoutSnapshot fanoutSnapshot() {
        return jdbi.withHandle(handle -> new FanoutSnapshot(DeliveryDao.fanoutPosition(handle),
                WebhookDao.listEnabled(handle)));
    }

    /**
     * One delivery per webhook for the event, unless it exists: another instance that inserted the
     * same (webhook, event) between the check and the insert is met by the unique constraint.
     */
    void insertOnce(List<Webhook> webhooks, EventHeader event, long now) {
        jdbi.useExtension(DeliveryDao.class, dao -> webhooks.forEach(webhook -> {
            try {
                dao.insertIfAbsent(Ids.mint("dlv"), webhook.id(), event.tenant(), event.seq(), event.id(),
                        event.type(), now);
            } catch (UnableToExecuteStatementException e) {
                if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                    throw e;
                }
            }
        }));
    }

    void advanceFanout(long to, long now) {
        jdbi.useExtension(DeliveryDao.class, dao -> dao.advanceFanout(to, now));
    }

    /** Due deliveries, oldest first, leaving out the tenants in {@code skipped}. */
    /** When the oldest delivery that is due now (of an enabled webhook) fell due, in epoch millis; empty when none is. */
    Optional<Long> oldestDueSince(long now) {
        return DeliveryDao.oldestDueSince(jdbi, now);
    }

    List<DeliveryDao.Due> due(long now, int limit, Set<String> skipped) {
        return DeliveryDao.due(jdbi, now, limit, skipped);
    }

    /** Leases the delivery to {@code owner} until {@code until}; false when another worker holds it. */
    boolean claim(String id, String owner, long until, long now) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.claim(id, owner, until, now)) == 1;
    }

    Optional<Delivery> find(String id) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.find(id));
    }

    /** The attempt and the delivery's outcome together; false when the lease was lost meanwhile. */
    boolean recordAttempt(Delivery delivery, String owner, int attempt, long started, long latencyMs,
                          DeliveryStatus status, Integer statusCode, String error, Long nextAttemptAt,
                          Long deliveredAt, long now) {
        return jdbi.inTransaction(h -> {
            DeliveryDao dao = h.attach(DeliveryDao.class);
            dao.insertAttempt(Ids.mint("att"), delivery.id(), attempt, started, latencyMs, statusCode, error,
                    nextAttemptAt, owner);
            return dao.finish(delivery.id(), owner, status.db(), attempt, nextAttemptAt, statusCode, error,
                    deliveredAt, now) != 0;
        });
    }

    List<Delivery> pageForWebhook(String webhookId, long at, String cursorId, int limit) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.pageForWebhook(webhookId, at, cursorId, limit));
    }

    List<DeliveryAttempt> attempts(List<String> deliveryIds) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.attempts(deliveryIds));
    }

    /** Schedules a tenant's delivery now; {@code ifChanged} runs in the same transaction. Returns rows changed. */
    int retryNow(String tenant, String id, long now, Consumer<Handle> ifChanged) {
        return jdbi.inTransaction(h -> {
            int n = h.attach(DeliveryDao.class).retryNow(tenant, id, now);
            if (n == 1) {
                ifChanged.accept(h);
            }
            return n;
        });
    }

    /** Schedules a delivery of any tenant now, with {@code alongside}; false when it is unknown. */
    boolean retryNowAnyTenant(String id, long now, BiConsumer<Handle, Delivery> alongside) {
        return jdbi.inTransaction(h -> {
            DeliveryDao dao = h.attach(DeliveryDao.class);
            Optional<Delivery> delivery = dao.find(id);
            if (delivery.isEmpty() || dao.retryNowAnyTenant(id, now) == 0) {
                return false;
            }
            alongside.accept(h, delivery.get());
            return true;
        });
    }
}
