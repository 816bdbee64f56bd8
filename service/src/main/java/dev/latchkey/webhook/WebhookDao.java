package dev.latchkey.webhook;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code webhooks} aggregate. Deleted webhooks are kept (their deliveries are history) but never returned. */
@RegisterRowMapper(WebhookMapper.class)
public interface WebhookDao {

    @SqlUpdate("""
            INSERT INTO webhooks (id, tenant, url, event_types, enabled, secret_sealed, created_at, updated_at)
            VALUES (:id, :tenant, :url, :eventTypes, :enabled, :secret, :now, :now)""")
    void insert(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("url") String url,
                @Bind("eventTypes") String eventTypes, @Bind("enabled") boolean enabled,
                @Bind("secret") String secretSealed, @Bind("now") long now);

    @SqlQuery("SELECT * FROM webhooks WHERE id = :id AND tenant = :tenant AND deleted_at IS NULL")
    Optional<Webhook> find(@Bind("tenant") String tenant, @Bind("id") String id);

    @SqlQuery("SELECT * FROM webhooks WHERE id = :id AND deleted_at IS NULL")
    Optional<Webhook> findAnyTenant(@Bind("id") String id);

    /** Newest first, after the cursor's position ({@code at}, {@code id}). */
    @SqlQuery("SELECT * FROM webhooks WHERE tenant = :tenant AND deleted_at IS NULL "
            + "AND (created_at < :at OR (created_at = :at AND id < :id)) ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<Webhook> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("id") String id,
                       @Bind("limit") int limit);

    /** Every enabled webhook of every tenant: read on each fan-out pass, so without attaching the DAO. */
    static List<Webhook> listEnabled(Handle handle) {
        return handle.createQuery("SELECT * FROM webhooks WHERE enabled AND deleted_at IS NULL")
                .map(new WebhookMapper())
                .list();
    }

    @SqlUpdate("""
            UPDATE webhooks SET url = :url, event_types = :eventTypes, enabled = :enabled,
                   disabled_reason = CASE WHEN :enabled THEN NULL ELSE disabled_reason END, updated_at = :now
            WHERE id = :id AND tenant = :tenant AND deleted_at IS NULL""")
    int update(@Bind("tenant") String tenant, @Bind("id") String id, @Bind("url") String url,
               @Bind("eventTypes") String eventTypes, @Bind("enabled") boolean enabled, @Bind("now") long now);

    @SqlUpdate("UPDATE webhooks SET enabled = FALSE, disabled_reason = :reason, updated_at = :now WHERE id = :id")
    int disable(@Bind("id") String id, @Bind("reason") String reason, @Bind("now") long now);

    /** Disables an enabled, live webhook; 0 when it is unknown, deleted or already disabled. */
    @SqlUpdate("UPDATE webhooks SET enabled = FALSE, disabled_reason = :reason, updated_at = :now "
            + "WHERE id = :id AND enabled AND deleted_at IS NULL")
    int disableIfEnabled(@Bind("id") String id, @Bind("reason") String reason, @Bind("now") long now);

    @SqlUpdate("""
            UPDATE webhooks SET previous_secret_sealed = secret_sealed, previous_secret_until = :until,
                   secret_sealed = :secret, updated_at = :now
            WHERE id = :id AND tenant = :tenant AND deleted_at IS NULL""")
    int rotate(@Bind("tenant") String tenant, @Bind("id") String id, @Bind("secret") String secretSealed,
               @Bind("until") long previousUntil, @Bind("now") long now);

    @SqlUpdate("UPDATE webhooks SET deleted_at = :now, enabled = FALSE, updated_at = :now "
            + "WHERE id = :id AND tenant = :tenant AND deleted_at IS NULL")
    int delete(@Bind("tenant") String tenant, @Bind("id") String id, @Bind("now") long now);
}
