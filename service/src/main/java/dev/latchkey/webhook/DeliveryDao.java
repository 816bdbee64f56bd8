package dev.latchkey.webhook;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The delivery aggregate: {@code webhook_deliveries} and their {@code delivery_attempts}, plus the
 * shared fan-out position. Claims are conditional updates, so two workers on one database never
 * hold the same row at the same time, on H2 and PostgreSQL alike.
 */
@RegisterRowMapper(DeliveryMappers.DeliveryMapper.class)
@RegisterRowMapper(DeliveryMappers.AttemptMapper.class)
public interface DeliveryDao {

    String DUE = "d.status IN ('pending', 'failed') AND d.next_attempt_at <= :now "
            + "AND (d.lease_until IS NULL OR d.lease_until < :now)";

    /**
     * Inserts unless the row exists. Two instances racing past the NOT EXISTS meet the unique
     * constraint instead (H2 has no ON CONFLICT): see {@link DeliveryFanout}.
     */
    @SqlUpdate("""
            INSERT INTO webhook_deliveries (id, webhook_id, tenant, event_seq, event_id, event_type, status, attempts,
                                            next_attempt_at, created_at, updated_at)
            SELECT :id, :webhookId, :tenant, :seq, :eventId, :type, 'pending', 0, :now, :now, :now
            WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE webhook_id = :webhookId AND event_id = :eventId)""")
    int insertIfAbsent(@Bind("id") String id, @Bind("webhookId") String webhookId, @Bind("tenant") String tenant,
                       @Bind("seq") long seq, @Bind("eventId") String eventId, @Bind("type") String type,
                       @Bind("now") long now);

    /**
     * The deliveries due now, oldest first. This and {@link #fanoutPosition(Handle)} run on every
     * delivery pass — after every event under load — so they are plain queries: attaching a SQL
     * object costs more than either.
     */
    static List<String> dueIds(Jdbi jdbi, long now, int limit) {
        return due(jdbi, now, limit, Set.of()).stream().map(Due::id).toList();
    }

    /** Read at each metrics scrape: when the oldest delivery still waiting (leased or not) fell due. */
    static Optional<Long> oldestDueSince(Jdbi jdbi, long now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d "
                        + "JOIN webhooks w ON w.id = d.webhook_id WHERE d.status IN ('pending', 'failed') "
                        + "AND d.next_attempt_at <= :now AND w.enabled AND w.deleted_at IS NULL")
                .bind("now", now).mapTo(Long.class).findOne());
    }

    /** A due delivery and the tenant it is for. */
    record Due(String id, String tenant) {
    }

    /**
     * As {@link #dueIds}, leaving out the tenants in {@code skipped} (those with as many deliveries
     * in flight as they may have), so that one tenant's backlog cannot fill the window for the others.
     */
    static List<Due> due(Jdbi jdbi, long now, int limit, Set<String> skipped) {
        List<String> tenants = List.copyOf(skipped);
        StringBuilder notIn = new StringBuilder();
        for (int i = 0; i < tenants.size(); i++) {
            notIn.append(i == 0 ? " AND d.tenant NOT IN (" : ", ").append(":t").append(i);
        }
        String skip = tenants.isEmpty() ? "" : notIn.append(")").toString();
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT d.id, d.tenant FROM webhook_deliveries d "
                            + "JOIN webhooks w ON w.id = d.webhook_id WHERE " + DUE + skip
                            + " AND w.enabled AND w.deleted_at IS NULL ORDER BY d.next_attempt_at, d.id LIMIT :limit")
                    .bind("now", now)
                    .bind("limit", limit);
            for (int i = 0; i < tenants.size(); i++) {
                query.bind("t" + i, tenants.get(i));
            }
            return query.map((rs, ctx) -> new Due(rs.getString("id"), rs.getString("tenant"))).list();
        });
    }

    /** 1 when this worker now holds the row until {@code until}; 0 when another worker got there first. */
    @SqlUpdate("UPDATE webhook_deliveries d SET lease_until = :until, lease_owner = :owner WHERE d.id = :id AND "
            + DUE)
    int claim(@Bind("id") String id, @Bind("owner") String owner, @Bind("until") long until, @Bind("now") long now);

    @SqlUpdate("""
            UPDATE webhook_deliveries SET status = :status, attempts = :attempts, next_attempt_at = :next,
                   last_status_code = :code, last_error = :error, delivered_at = COALESCE(:deliveredAt, delivered_at),
                   lease_until = NULL, lease_owner = NULL, updated_at = :now
            WHERE id = :id AND lease_owner = :owner""")
    int finish(@Bind("id") String id, @Bind("owner") String owner, @Bind("status") String status,
               @Bind("attempts") int attempts, @Bind("next") Long nextAttemptAt, @Bind("code") Integer statusCode,
               @Bind("error") String error, @Bind("deliveredAt") Long deliveredAt, @Bind("now") long now);

    @SqlUpdate("""
            INSERT INTO delivery_attempts (id, delivery_id, attempt, started_at, latency_ms, status_code, error,
                                           next_attempt_at, worker)
            VALUES (:id, :deliveryId, :attempt, :startedAt, :latency, :code, :error, :next, :worker)""")
    void insertAttempt(@Bind("id") String id, @Bind("deliveryId") String deliveryId, @Bind("attempt") int attempt,
                       @Bind("startedAt") long startedAt, @Bind("latency") long latencyMs,
                       @Bind("code") Integer statusCode, @Bind("error") String error, @Bind("next") Long next,
                       @Bind("worker") String worker);

    @SqlQuery("SELECT * FROM webhook_deliveries WHERE id = :id")
    Optional<Delivery> find(@Bind("id") String id);

    /** Schedules now, whatever the state (a dead delivery gets one more attempt; a delivered one is resent). */
    @SqlUpdate("""
            UPDATE webhook_deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END,
                   next_attempt_at = :now, updated_at = :now
            WHERE id = :id AND tenant = :tenant""")
    int retryNow(@Bind("tenant") String tenant, @Bind("id") String id, @Bind("now") long now);

    /** As {@link #retryNow}, in any tenant: an operator's retry. */
    @SqlUpdate("""
            UPDATE webhook_deliveries SET status = CASE WHEN attempts = 0 THEN 'pending' ELSE 'failed' END,
                   next_attempt_at = :now, updated_at = :now
            WHERE id = :id""")
    int retryNowAnyTenant(@Bind("id") String id, @Bind("now") long now);

    @SqlQuery("SELECT * FROM webhook_deliveries WHERE webhook_id = :webhookId "
            + "AND (created_at < :at OR (created_at = :at AND id < :id)) ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<Delivery> pageForWebhook(@Bind("webhookId") String webhookId, @Bind("at") long at, @Bind("id") String id,
                                  @Bind("limit") int limit);

    @SqlQuery("SELECT * FROM delivery_attempts WHERE delivery_id IN (<ids>) ORDER BY delivery_id, attempt")
    List<DeliveryAttempt> attempts(@BindList("ids") List<String> deliveryIds);

    static long fanoutPosition(Handle handle) {
        return handle.createQuery("SELECT last_seq FROM delivery_fanout WHERE name = 'events'").mapTo(Long.class).one();
    }

    @SqlUpdate("UPDATE delivery_fanout SET last_seq = :seq, updated_at = :now WHERE name = 'events' AND last_seq < :seq")
    int advanceFanout(@Bind("seq") long seq, @Bind("now") long now);
}
