package dev.latchkey.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * Server-side console sessions in the database, so every instance shares them. The cookie holds a
 * 256-bit random id; the table holds only its SHA-256. The CSRF token is an HMAC of a fixed label
 * under the session id: bound to the session, never stored, and useless for finding the id. Each
 * request checks, in the same query, that the operator still exists with the credential the
 * session was opened with: removing an operator or changing its password, even from the CLI in
 * another process, ends its sessions at their next request.
 */
public final class ConsoleSessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Writes of last_seen_at are spaced out: a page view need not always write. */
    private static final long TOUCH_EVERY_MS = 15_000;

    private final Jdbi jdbi;
    private final Operators operators;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public ConsoleSessions(Jdbi jdbi, Operators operators, Clock clock, Duration idleTimeout,
                           Duration absoluteTimeout) {
        this.jdbi = jdbi;
        this.operators = operators;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    /**
     * A new session for the operator, bound to the credential it signed in with
     * ({@link Operators#signIn}); the returned id goes into the cookie and nowhere else.
     */
    public String open(String operator, String credential) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        jdbi.useHandle(handle -> {
            handle.createUpdate("DELETE FROM console_sessions WHERE expires_at < :now OR last_seen_at < :idle")
                    .bind("now", now).bind("idle", now - idleTimeout.toMillis()).execute();
            handle.createUpdate("""
                            INSERT INTO console_sessions (id_hash, operator, credential, created_at, last_seen_at,
                                                          expires_at)
                            VALUES (:hash, :operator, :credential, :now, :now, :expires)""")
                    .bind("hash", hash(id)).bind("operator", operator).bind("credential", credential).bind("now", now)
                    .bind("expires", now + absoluteTimeout.toMillis()).execute();
        });
        return id;
    }

    /**
     * The operator of a live session, renewing its idle deadline; empty when unknown, timed out, or
     * its operator was removed or has another password since.
     */
    public Optional<Operator> authenticate(String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        String key = hash(id);
        long now = clock.millis();
        Optional<SessionRow> row = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT s.operator, s.last_seen_at, s.expires_at, s.credential, o.password_hash
                        FROM console_sessions s LEFT JOIN operators o ON o.name = s.operator
                        WHERE s.id_hash = :hash""")
                .bind("hash", key)
                .map((rs, ctx) -> new SessionRow(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5))))
                .findOne());
        if (row.isEmpty() || row.get().expiresAt() <= now || row.get().lastSeenAt() + idleTimeout.toMillis() <= now
                || !credentialHolds(row.get())) {
            row.ifPresent(r -> end(key));
            return Optional.empty();
        }
        if (now - row.get().lastSeenAt() >= TOUCH_EVERY_MS) {
            jdbi.useHandle(handle -> handle.createUpdate(
                            "UPDATE console_sessions SET last_seen_at = :now WHERE id_hash = :hash")
                    .bind("now", now).bind("hash", key).execute());
        }
        return Optional.of(new Operator(row.get().operator(), key, csrfToken(id)));
    }

    /** Ends a session by its stored key (sign-out, or found timed out). */
    public void end(String sessionKey) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM console_sessions WHERE id_hash = :hash")
                .bind("hash", sessionKey).execute());
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    static String csrfToken(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(id.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("latchkey-console-csrf".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Compares two tokens in constant time; absent tokens never match. */
    static boolean tokensMatch(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private boolean credentialHolds(SessionRow row) {
        Optional<String> current = operators.currentCredential(row.operator(), row.storedHash());
        return current.isPresent() && row.credential().isPresent()
                && tokensMatch(current.get(), row.credential().get());
    }

    /** A session, with the stored password hash of its operator (empty for configured or removed operators). */
    private record SessionRow(String operator, long lastSeenAt, long expiresAt, Optional<String> credential,
                              Optional<String> storedHash) {
    }
}
