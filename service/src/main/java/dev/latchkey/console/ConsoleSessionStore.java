package dev.latchkey.console;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The console_sessions table: sessions by the hash of their id, never the id itself. */
final class ConsoleSessionStore {

    /** A session, with the stored password hash of its operator (empty for configured or removed operators). */
    record SessionRow(String operator, long lastSeenAt, long expiresAt, Optional<String> credential,
                      Optional<String> storedHash) {
    }

    private final Jdbi jdbi;

    ConsoleSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new session, first clearing sessions expired by {@code now} or idle since {@code idleBefore}. */
    void insert(String idHash, String operator, String credential, long now, long expiresAt, long idleBefore) {
        jdbi.useHandle(handle -> {
            handle.createUpdate("DELETE FROM console_sessions WHERE expires_at < :now OR last_seen_at < :idle")
                    .bind("now", now).bind("idle", idleBefore).execute();
            handle.createUpdate("""
                            INSERT INTO console_sessions (id_hash, operator, credential, created_at, last_seen_at,
                                                          expires_at)
                            VALUES (:hash, :operator, :credential, :now, :now, :expires)""")
                    .bind("hash", idHash).bind("operator", operator).bind("credential", credential).bind("now", now)
                    .bind("expires", expiresAt).execute();
        });
    }

    /** The session with its operator's current password hash, read in one query. */
    Optional<SessionRow> find(String idHash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT s.operator, s.last_seen_at, s.expires_at, s.credential, o.password_hash
                        FROM console_sessions s LEFT JOIN operators o ON o.name = s.operator
                        WHERE s.id_hash = :hash""")
                .bind("hash", idHash)
                .map((rs, ctx) -> new SessionRow(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5))))
                .findOne());
    }

    void touch(String idHash, long now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE console_sessions SET last_seen_at = :now WHERE id_hash = :hash")
                .bind("now", now).bind("hash", idHash).execute());
    }

    void delete(String idHash) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM console_sessions WHERE id_hash = :hash")
                .bind("hash", idHash).execute());
    }
}
