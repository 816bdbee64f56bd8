package dev.latchkey.audit;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records who did what. Writes join the caller's transaction when given a handle. */
public final class AuditLog {

    /** The SQL objects behind the audit log, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = AuditStore.SQL_OBJECTS;

    private static final Logger LOG = LoggerFactory.getLogger("latchkey.audit");

    private final AuditStore store;
    private final Clock clock;
    private final boolean logged;

    public AuditLog(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, true);
    }

    private AuditLog(Jdbi jdbi, Clock clock, boolean logged) {
        this.store = new AuditStore(jdbi);
        this.clock = clock;
        this.logged = logged;
    }

    /**
     * An audit log that only writes its table, for a throwaway database (the start-up rehearsal):
     * its entries are not the server's and must not show in the server's log.
     */
    public static AuditLog unlogged(Jdbi jdbi, Clock clock) {
        return new AuditLog(jdbi, clock, false);
    }

    public AuditEntry record(AuditEntry.ActorType actorType, String actor, String tenant, String action,
                             String targetType, String targetId, AuditEntry.Outcome outcome, String details) {
        AuditEntry entry = entry(actorType, actor, tenant, action, targetType, targetId, outcome, details);
        store.insert(entry);
        logged(entry);
        return entry;
    }

    public AuditEntry record(Handle handle, AuditEntry.ActorType actorType, String actor, String tenant,
                             String action, String targetType, String targetId, AuditEntry.Outcome outcome,
                             String details) {
        AuditEntry entry = entry(actorType, actor, tenant, action, targetType, targetId, outcome, details);
        store.insert(handle, entry);
        logged(entry);
        return entry;
    }

    private void logged(AuditEntry e) {
        if (logged) {
            LOG.info("audit {} by {}:{} on {}:{} -> {}", e.action(), e.actorType(), e.actor(), e.targetType(),
                    e.targetId(), e.outcome());
        }
    }

    /** The audit log's clock. */
    Instant now() {
        return clock.instant();
    }

    /** A new entry, stamped now, not yet written. */
    AuditEntry entry(AuditEntry.ActorType actorType, String actor, String tenant, String action, String targetType,
                     String targetId, AuditEntry.Outcome outcome, String details) {
        return new AuditEntry(Ids.mint("aud"), clock.instant(), actorType, actor, tenant, action, targetType,
                targetId, outcome, details);
    }

    /**
     * Writes entries made earlier ({@link AuditBatcher}) in one transaction. Logged at debug only:
     * these are the frequent actions, which would otherwise fill the server log.
     */
    void writeAll(List<AuditEntry> entries) {
        store.insertAll(entries);
        if (logged && LOG.isDebugEnabled()) {
            entries.forEach(e -> LOG.debug("audit {} by {}:{} on {}:{} -> {}", e.action(), e.actorType(), e.actor(),
                    e.targetType(), e.targetId(), e.outcome()));
        }
    }

    /** A security event raised by the system itself (tampered state, blocked egress, …). */
    public void security(String action, String tenant, String targetType, String targetId, String details) {
        record(AuditEntry.ActorType.SYSTEM, "latchkey", tenant, action, targetType, targetId,
                AuditEntry.Outcome.DENIED, details);
    }

    public Page<AuditEntry> page(Optional<String> actionPrefix, Optional<String> actor, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<AuditEntry> rows = store.page(position, actionPrefix, actor, limit + 1);
        return Page.fromLookahead(rows, limit, entry -> new Cursor(entry.occurredAt().toEpochMilli(), entry.id()));
    }
}
