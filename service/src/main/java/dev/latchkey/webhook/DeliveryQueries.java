package dev.latchkey.webhook;

import dev.latchkey.store.Columns;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** Read-only views across all tenants, for the operator console. Webhook secrets are never selected. */
public final class DeliveryQueries {

    private static final String STATS = """
            SELECT w.id, w.tenant, w.url, w.event_types, w.enabled, w.disabled_reason, w.created_at,
                   SUM(CASE WHEN d.status = 'pending' THEN 1 ELSE 0 END) AS pending,
                   SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS retrying,
                   SUM(CASE WHEN d.status = 'delivered' THEN 1 ELSE 0 END) AS delivered,
                   SUM(CASE WHEN d.status = 'dead' THEN 1 ELSE 0 END) AS dead,
                   MAX(d.delivered_at) AS last_delivered_at
            FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id
            WHERE w.deleted_at IS NULL""";
    private static final String STATS_GROUP =
            " GROUP BY w.id, w.tenant, w.url, w.event_types, w.enabled, w.disabled_reason, w.created_at";

    private final Jdbi jdbi;

    public DeliveryQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A live webhook (no secret) with its delivery counts by state. */
    public record WebhookStats(String webhookId, String tenant, String url, List<String> eventTypes, boolean enabled,
                               Optional<String> disabledReason, long createdAt, long pending, long retrying,
                               long delivered, long dead, Optional<Long> lastDeliveredAt) {
    }

    /** Newest first, optionally only one state; pages by (created_at, id). */
    public Page<Delivery> byState(Optional<DeliveryStatus> status, String cursor, int limit) {
        return page(Optional.empty(), status, cursor, limit);
    }

    /** Newest first, optionally of one webhook and one state; pages by (created_at, id). */
    public Page<Delivery> page(Optional<String> webhookId, Optional<DeliveryStatus> status, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Delivery> rows = jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_deliveries WHERE "
                        + (webhookId.isPresent() ? "webhook_id = :webhook AND " : "")
                        + (status.isPresent() ? "status = :status AND " : "")
                        + "(created_at < :at OR (created_at = :at AND id < :id)) "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("webhook", webhookId.orElse(null))
                .bind("status", status.map(DeliveryStatus::db).orElse(null))
                .bind("at", position.at())
                .bind("id", position.id())
                .bind("limit", limit + 1)
                .map(new DeliveryMappers.DeliveryMapper())
                .list());
        return Page.fromLookahead(rows, limit, delivery -> new Cursor(delivery.createdAt(), delivery.id()));
    }

    /** The deliveries of one flow's events, in event order (ids made in the same millisecond do not sort by age). */
    public List<Delivery> forFlow(String flowId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT d.* FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
                        WHERE e.flow_id = :flow ORDER BY e.seq, d.created_at, d.id""")
                .bind("flow", flowId)
                .map(new DeliveryMappers.DeliveryMapper())
                .list());
    }

    public List<DeliveryAttempt> attempts(String deliveryId) {
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.attempts(List.of(deliveryId)));
    }

    /** The attempts of several deliveries, by delivery id, each list in attempt order. */
    public Map<String, List<DeliveryAttempt>> attempts(List<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withExtension(DeliveryDao.class, dao -> dao.attempts(deliveryIds)).stream()
                .collect(Collectors.groupingBy(DeliveryAttempt::deliveryId));
    }

    /** Deliveries still to be made: pending or retrying. */
    public long backlog() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM webhook_deliveries WHERE status IN ('pending', 'failed')")
                .mapTo(Long.class)
                .one());
    }

    /** Every delivery counted by state, each state present. */
    public Map<DeliveryStatus, Long> countsByStatus() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status")
                .map((rs, ctx) -> Map.entry(DeliveryStatus.of(rs.getString("status")), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** When the longest-waiting delivery still to be made was created, if one is waiting. */
    public Optional<Long> oldestWaiting() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT MIN(created_at) FROM webhook_deliveries WHERE status IN ('pending', 'failed')")
                .mapTo(Long.class)
                .findOne());
    }

    public List<WebhookStats> stats() {
        return jdbi.withHandle(h -> h.createQuery(STATS + STATS_GROUP + " ORDER BY w.tenant, w.id")
                .map(DeliveryQueries::mapStats)
                .list());
    }

    public Optional<WebhookStats> stats(String webhookId) {
        return jdbi.withHandle(h -> h.createQuery(STATS + " AND w.id = :id" + STATS_GROUP)
                .bind("id", webhookId)
                .map(DeliveryQueries::mapStats)
                .findOne());
    }

    private static WebhookStats mapStats(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new WebhookStats(rs.getString("id"), rs.getString("tenant"), rs.getString("url"),
                WebhookMapper.types(rs.getString("event_types")), rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("disabled_reason")), rs.getLong("created_at"), rs.getLong("pending"),
                rs.getLong("retrying"), rs.getLong("delivered"), rs.getLong("dead"),
                Columns.optionalLong(rs, "last_delivered_at"));
    }
}
