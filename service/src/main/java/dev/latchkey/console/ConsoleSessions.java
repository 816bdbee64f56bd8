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

    private final ConsoleSessionStore store;
    private final Operators operators;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public ConsoleSessions(Jdbi jdbi, Operators operators, Clock clock, Duration idleTimeout,
                           Duration absoluteTimeout) {
        this.store = new ConsoleSessionStore(jdbi);
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
        store.insert(hash(id), operator, credential, now, now + absoluteTimeout.toMillis(),
                now - idleTimeout.toMillis());
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
        Optional<ConsoleSessionStore.SessionRow> row = store.find(key);
        if (row.isEmpty() || row.get().expiresAt() <= now || row.get().lastSeenAt() + idleTimeout.toMillis() <= now
                || !credentialHolds(row.get())) {
            row.ifPresent(r -> end(key));
            return Optional.empty();
        }
        if (now - row.get().lastSeenAt() >= TOUCH_EVERY_MS) {
            store.touch(key, now);
        }
        return Optional.of(new Operator(row.get().operator(), key, csrfToken(id)));
    }

    /** Ends a session by its stored key (sign-out, or found timed out). */
    public void end(String sessionKey) {
        store.delete(sessionKey);
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

    private boolean credentialHolds(ConsoleSessionStore.SessionRow row) {
        Optional<String> current = operators.currentCredential(row.operator(), row.storedHash());
        return current.isPresent() && row.credential().isPresent()
                && tokensMatch(current.get(), row.credential().get());
    }
}
