package dev.latchkey.audit;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The audit log table. */
public interface AuditDao {

    @SqlUpdate("""
            INSERT INTO audit_log (id, occurred_at, actor_type, actor, tenant, action, target_type, target_id,
                                   outcome, details)
            VALUES (:id, :at, :actorType, :actor, :tenant, :action, :targetType, :targetId, :outcome, :details)""")
    void insert(@Bind("id") String id, @Bind("at") long occurredAt, @Bind("actorType") String actorType,
                @Bind("actor") String actor, @Bind("tenant") String tenant, @Bind("action") String action,
                @Bind("targetType") String targetType, @Bind("targetId") String targetId,
                @Bind("outcome") String outcome, @Bind("details") String details);

    /** One audit row as written: {@link AuditEntry} with its time in epoch milliseconds and its enums as names. */
    record Row(String id, long at, String actorType, String actor, String tenant, String action, String targetType,
               String targetId, String outcome, String details) {

        static Row of(AuditEntry entry) {
            return new Row(entry.id(), entry.occurredAt().toEpochMilli(), entry.actorType().name(), entry.actor(),
                    entry.tenant(), entry.action(), entry.targetType(), entry.targetId(), entry.outcome().name(),
                    entry.details());
        }
    }

    /** Many rows in one statement batch (the caller's transaction). */
    @SqlBatch("""
            INSERT INTO audit_log (id, occurred_at, actor_type, actor, tenant, action, target_type, target_id,
                                   outcome, details)
            VALUES (:id, :at, :actorType, :actor, :tenant, :action, :targetType, :targetId, :outcome, :details)""")
    void insertAll(@BindMethods List<Row> rows);

    /** Newest first, before the keyset position, optionally for one action prefix. */
    @SqlQuery("""
            SELECT * FROM audit_log
            WHERE (occurred_at < :at OR (occurred_at = :at AND id < :id))
              AND (:action IS NULL OR action LIKE :action)
              AND (:actor IS NULL OR actor = :actor)
            ORDER BY occurred_at DESC, id DESC
            LIMIT :limit""")
    @UseRowMapper(AuditEntryMapper.class)
    List<AuditEntry> page(@Bind("at") long at, @Bind("id") String id, @Bind("action") String actionPrefix,
                          @Bind("actor") String actor, @Bind("limit") int limit);
}
