package dev.latchkey.audit;

import dev.latchkey.store.Cursor;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The way to the audit_log table: entries appended, one at a time or in a batch, and read in pages. */
final class AuditStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(AuditDao.class);

    private final Jdbi jdbi;

    AuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes the entry on a handle of its own. */
    void insert(AuditEntry entry) {
        jdbi.useHandle(handle -> insert(handle, entry));
    }

    /** Writes the entry in the caller's transaction. */
    void insert(Handle handle, AuditEntry entry) {
        handle.attach(AuditDao.class).insert(entry.id(), entry.occurredAt().toEpochMilli(),
                entry.actorType().name(), entry.actor(), entry.tenant(), entry.action(), entry.targetType(),
                entry.targetId(), entry.outcome().name(), entry.details());
    }

    /** Writes the entries in one transaction. */
    void insertAll(List<AuditEntry> entries) {
        jdbi.useTransaction(handle -> handle.attach(AuditDao.class).insertAll(entries.stream().map(AuditDao.Row::of)
                .toList()));
    }

    /** One page, newest first, from the keyset position. */
    List<AuditEntry> page(Cursor position, Optional<String> actionPrefix, Optional<String> actor, int limit) {
        return jdbi.withExtension(AuditDao.class, dao -> dao.page(position.at(), position.id(),
                actionPrefix.map(p -> p + "%").orElse(null), actor.orElse(null), limit));
    }
}
