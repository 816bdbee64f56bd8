package dev.latchkey.console;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The operators table (operators added from the CLI), and the ending of an operator's sessions. */
final class OperatorStore {

    private final Jdbi jdbi;

    OperatorStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds the operator, or replaces its password hash and ends its sessions; true when added. */
    boolean upsert(String name, String passwordHash, long now) {
        return jdbi.inTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE operators SET password_hash = :hash WHERE name = :name")
                    .bind("hash", passwordHash).bind("name", name).execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO operators (name, password_hash, created_at) VALUES (:name, :hash, :at)")
                        .bind("name", name).bind("hash", passwordHash).bind("at", now).execute();
                return true;
            }
            endSessions(handle, name);
            return false;
        });
    }

    /** Removes the operator and ends its sessions; false when there was no such operator. */
    boolean delete(String name) {
        return jdbi.inTransaction(handle -> {
            endSessions(handle, name);
            return handle.createUpdate("DELETE FROM operators WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    /** A session checks its credential on every request anyway; deleting them frees the rows at once. */
    private static void endSessions(Handle handle, String name) {
        handle.createUpdate("DELETE FROM console_sessions WHERE operator = :name").bind("name", name).execute();
    }

    /** The stored operators, by name. */
    List<Operators.Listed> list() {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT name, created_at FROM operators ORDER BY name")
                .map((rs, ctx) -> new Operators.Listed(rs.getString("name"), "database", rs.getLong("created_at")))
                .list());
    }

    Optional<String> passwordHash(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT password_hash FROM operators WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }
}
