package dev.latchkey.connection;

import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.EventWriter;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** What a refresh leaves behind in the connections table, each in one statement or one transaction. */
final class RefreshOutcomeStore {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Jdbi jdbi;
    private final TokenVault vault;
    private final EventWriter events;
    private final Clock clock;

    RefreshOutcomeStore(Jdbi jdbi, TokenVault vault, EventWriter events, Clock clock) {
        this.jdbi = jdbi;
        this.vault = vault;
        this.events = events;
        this.clock = clock;
    }

    /** Stores the refreshed tokens; false when the connection changed meanwhile (re-authorized or revoked). */
    boolean succeeded(Connection connection, TokenSet refreshed) {
        String sealed = vault.seal(refreshed, connection.tokenAad());
        long now = clock.millis();
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE connections SET tokens_sealed = :sealed, key_id = :keyId, access_expires_at = :expires,
                               has_refresh_token = :refreshable, scopes = :scopes, last_refresh_at = :now,
                               refresh_failures = 0, last_error = NULL, next_refresh_after = NULL,
                               refresh_lease_until = NULL, version = version + 1, updated_at = :now
                        WHERE id = :id AND version = :version""")
                .bind("sealed", sealed).bind("keyId", Sealer.keyId(sealed))
                .bind("expires", refreshed.expiresAt().map(Instant::toEpochMilli).orElse(null))
                .bind("refreshable", refreshed.refreshToken().isPresent())
                .bind("scopes", String.join(" ", refreshed.scopes())).bind("now", now)
                .bind("id", connection.id()).bind("version", connection.version()).execute()) == 1;
    }

    void rejected(Connection connection, Failure e) {
        String reason = e.summary();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE connections SET status = 'reauthorization_required', last_error = :reason,
                                   refresh_lease_until = NULL, version = version + 1, updated_at = :now
                            WHERE id = :id""")
                    .bind("reason", reason.length() > 600 ? reason.substring(0, 600) : reason)
                    .bind("now", clock.millis()).bind("id", connection.id()).execute();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Error", e.code());
            fields.put("ErrorDescription", e.description());
            events.append(handle, EventDraft.aboutConnection(EventTypes.REAUTHORIZATION_REQUIRED,
                    connection.eventSubject(), connection.id(), fields));
        });
    }

    /** Records a failure worth retrying and returns how long to back off. */
    Duration failedTemporarily(Connection connection, Failure e) {
        int failures = connection.refreshFailures() + 1;
        Duration doubled = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 10));
        Duration backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        long now = clock.millis();
        String reason = e.summary();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE connections SET refresh_failures = :failures, last_error = :reason,
                               next_refresh_after = :next, refresh_lease_until = NULL, updated_at = :now
                        WHERE id = :id""")
                .bind("failures", failures).bind("reason", reason.length() > 600 ? reason.substring(0, 600) : reason)
                .bind("next", now + backoff.toMillis()).bind("now", now).bind("id", connection.id()).execute());
        return backoff;
    }

    void releaseLease(Connection connection) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE connections SET refresh_lease_until = NULL WHERE id = :id")
                .bind("id", connection.id()).execute());
    }
}
