package dev.latchkey.event.webhook;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Read-only views across all tenants, for the operator console. */
public final class DeliveryQueries {

    private final Jdbi jdbi;

    public DeliveryQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Delivery counts of one webhook, by state. */
    public record WebhookStats(String webhookId, String tenant, String url, boolean enabled, long pending,
                               long retrying, long delivered, long dead, Optional<Long> lastDeliveredAt) {
    }

    /** Newest first, optionally only one state; pages by (created_at, id). */
    public Page<Delivery> byState(Optional<DeliveryStatus> status, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Delivery> rows = jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_deliveries WHERE "
                        + (status.isPresent() ? "status = :status AND " : "")
                        + "(created_at < :at OR (created_at = :at AND id < :id)) "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("status", status.map(DeliveryStatus::db).orElse(null))
                .bind("at", position.at())
                .bind("id", position.id())
                .bind("limit", limit + 1)
                .map(new DeliveryMappers.DeliveryMapper())
                .list());
        return Page.fromLookahead(rows, limit, delivery -> new Cursor(delivery.createdAt(), delivery.id()));
    }

    public List<DeliveryAttempt> attempts(String deliveryId) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.attempts(List.of(deliveryId)));
    }

    /** Deliveries still to be made: pending or retrying. */
    public long backlog() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM webhook_deliveries WHERE status IN ('pending', 'failed')")
                .mapTo(Long.class)
                .one());
    }

    public List<WebhookStats> stats() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT w.id, w.tenant, w.url, w.enabled,
                               SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END) AS pending,
                               SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS retrying,
                               SUM(CASE WHEN d.status = 'delivered' THEN 1 ELSE 0 END) AS delivered,
                               SUM(CASE WHEN d.status = 'dead' THEN 1 ELSE 0 END) AS dead,
                               MAX(d.delivered_at) AS last_delivered_at
                        FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id
                        WHERE w.deleted_at IS NULL
                        GROUP BY w.id, w.tenant, w.url, w.enabled
                        ORDER BY w.tenant, w.id""")
                .map((rs, ctx) -> new WebhookStats(rs.getString("id"), rs.getString("tenant"), rs.getString("url"),
                        rs.getBoolean("enabled"), rs.getLong("pending"), rs.getLong("retrying"),
                        rs.getLong("delivered"), rs.getLong("dead"),
                        DeliveryMappers.optLong(rs, "last_delivered_at")))
                .list());
    }
}
