package dev.latchkey.console;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Read-only view of webhooks and deliveries (the events feature's V4 tables). Columns read:
 * {@code webhooks(id, tenant, url, event_types, enabled, created_at)} and
 * {@code deliveries(id, event_id, webhook_id, tenant, state, attempts, next_attempt_at, last_status,
 * last_error, created_at, updated_at)}; {@code deliveries.event_id} joins {@code events.id}.
 * Webhook secrets are never selected; URLs are shown without user info or query.
 */
public final class DeliveryQueries {

    public static final List<String> STATES = List.of("pending", "delivered", "failed", "dead");
    private static final String DELIVERY_COLUMNS = """
            d.id, d.event_id, e.type AS event_type, e.subject, d.webhook_id, w.url, d.tenant, d.state, d.attempts,
            d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.updated_at""";

    private final Jdbi jdbi;

    /** A webhook endpoint with its deliveries counted by state. */
    public record WebhookRow(String id, String tenant, String url, String eventTypes, boolean enabled, long createdAt,
                             Map<String, Long> byState) {
    }

    /** One event's delivery to one webhook. */
    public record DeliveryRow(String id, String eventId, String eventType, String subject, String webhookId,
                              String webhookUrl, String tenant, String state, int attempts, Long nextAttemptAt,
                              Integer lastStatus, String lastError, long createdAt, long updatedAt) {
        public boolean isRetryable() {
            return !"delivered".equals(state);
        }
    }

    public DeliveryQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<WebhookRow> webhooks() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT webhook_id, state, COUNT(*) FROM deliveries GROUP BY webhook_id, state")
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)})
                .forEach(row -> counts.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>())
                        .put((String) row[1], (Long) row[2])));
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, tenant, url, event_types, enabled, created_at FROM webhooks
                        ORDER BY created_at DESC, id DESC LIMIT 500""")
                .map((rs, ctx) -> new WebhookRow(rs.getString("id"), rs.getString("tenant"),
                        displayUrl(rs.getString("url")), rs.getString("event_types"), rs.getBoolean("enabled"),
                        rs.getLong("created_at"), stateCounts(counts.get(rs.getString("id")))))
                .list());
    }

    public Optional<WebhookRow> webhook(String id) {
        return webhooks().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    public Page<DeliveryRow> deliveries(String webhookId, Optional<String> state, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        String stateClause = state.filter(STATES::contains).isPresent() ? " AND d.state = :state" : "";
        List<DeliveryRow> rows = jdbi.withHandle(handle -> {
            var query = handle.createQuery("SELECT " + DELIVERY_COLUMNS + """
                             FROM deliveries d LEFT JOIN events e ON e.id = d.event_id
                             LEFT JOIN webhooks w ON w.id = d.webhook_id
                            WHERE d.webhook_id = :webhook
                              AND d.created_at <= :cursorAt AND (d.created_at < :cursorAt OR d.id < :cursorId)"""
                            + stateClause + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit")
                    .bind("webhook", webhookId).bind("cursorAt", position.at()).bind("cursorId", position.id())
                    .bind("limit", limit + 1);
            state.filter(STATES::contains).ifPresent(s -> query.bind("state", s));
            return query.map(DeliveryQueries::mapDelivery).list();
        });
        return Keyset.page(rows, limit, DeliveryRow::createdAt, DeliveryRow::id);
    }

    /** The deliveries of a flow's events, for the flow's detail page. */
    public List<DeliveryRow> forFlow(String flowId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + DELIVERY_COLUMNS + """
                         FROM deliveries d JOIN events e ON e.id = d.event_id
                         LEFT JOIN webhooks w ON w.id = d.webhook_id
                        WHERE e.flow_id = :flow ORDER BY d.created_at, d.id""")
                .bind("flow", flowId).map(DeliveryQueries::mapDelivery).list());
    }

    /** Deliveries not yet delivered, by state, for the overview. */
    public Map<String, Long> backlog() {
        Map<String, Long> counts = new LinkedHashMap<>(Map.of());
        List.of("pending", "failed", "dead").forEach(s -> counts.put(s, 0L));
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT state, COUNT(*) FROM deliveries WHERE state IN ('pending', 'failed', 'dead')
                        GROUP BY state""")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    /** When the longest-waiting undelivered delivery was created, if any is waiting. */
    public Optional<Long> oldestUndelivered() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT MIN(created_at) FROM deliveries WHERE state IN ('pending', 'failed')")
                .mapTo(Long.class).findOne());
    }

    private static DeliveryRow mapDelivery(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new DeliveryRow(rs.getString("id"), rs.getString("event_id"), rs.getString("event_type"),
                rs.getString("subject"), rs.getString("webhook_id"), displayUrl(rs.getString("url")),
                rs.getString("tenant"), rs.getString("state"), rs.getInt("attempts"),
                FlowRow.nullableLong(rs, "next_attempt_at"), lastStatus, rs.getString("last_error"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static Map<String, Long> stateCounts(Map<String, Long> found) {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, found == null ? 0L : found.getOrDefault(s, 0L)));
        return counts;
    }

    /** The URL without user info, query or fragment: those may carry credentials. */
    static String displayUrl(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (RuntimeException | java.net.URISyntaxException e) {
            return "(unreadable URL)";
        }
    }
}
