package dev.latchkey.idempotency;

import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The keys of {@code Idempotency-Key} requests: the first request with a key claims it (the unique
 * index decides, across instances), retries with the same request get its kept answer, a retry that
 * arrives while it still runs waits for it, and the same key with another request is refused.
 */
public final class IdempotencyKeys {

    public static final List<Class<?>> SQL_OBJECTS = IdempotencyStore.SQL_OBJECTS;
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 200;

    /** {@code retention}: how long answers are kept; {@code retryWait}: how long a retry waits for the first. */
    public record Settings(Duration retention, Duration retryWait, Duration abandonedAfter) {
    }

    /** What a request with a key may do. */
    public sealed interface Claim permits Claimed, Replay, Mismatch, InProgress {
    }

    /** This request runs; its answer is kept under the claim. */
    public record Claimed(String id) implements Claim {
    }

    /** An earlier request with this key and this request was answered so; answer the same. */
    public record Replay(Answer answer) implements Claim {
    }

    /** The key was used for a different request. */
    public record Mismatch() implements Claim {
    }

    /** The first request with this key still runs after the wait. */
    public record InProgress() implements Claim {
    }

    /** An answer as it went out: status, Location, content type and body. */
    public record Answer(int status, Optional<String> location, String contentType, byte[] body) {
    }

    private final IdempotencyStore store;
    private final Sealer sealer;
    private final Settings settings;
    private final Clock clock;

    public IdempotencyKeys(Jdbi jdbi, Sealer sealer, Settings settings, Clock clock) {
        this.store = new IdempotencyStore(jdbi);
        this.sealer = sealer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Claims {@code key} for the tenant's request with {@code requestDigest}, or says what to answer instead. */
    public Claim claim(String tenant, String key, String requestDigest) {
        String keyDigest = digest(key);
        long deadline = clock.millis() + settings.retryWait().toMillis();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            long now = clock.millis();
            String id = Ids.mint("idk");
            if (store.claim(id, tenant, keyDigest, requestDigest, now, now + settings.retention().toMillis())) {
                return new Claimed(id);
            }
            Optional<IdempotencyRow> found = store.find(tenant, keyDigest);
            if (found.isPresent()) {
                IdempotencyRow row = found.get();
                if (row.expiresAt() < now) {
                    store.release(row.id());
                    continue;
                }
                if (!row.requestDigest().equals(requestDigest)) {
                    return new Mismatch();
                }
                if (row.completed()) {
                    return new Replay(answerOf(row));
                }
                if (now - row.claimedAt() > settings.abandonedAfter().toMillis()
                        && store.takeOver(row.id(), row.claimedAt(), now)) {
                    return new Claimed(row.id());
                }
            }
            if (now >= deadline) {
                return new InProgress();
            }
            pause(Math.min(pause, Math.max(1, deadline - now)));
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    /** Keeps the claimed request's answer for its retries. */
    public void complete(Claimed claimed, Answer answer) {
        String sealed = sealer.seal(answer.body(), aad(claimed.id()));
        store.complete(claimed.id(), clock.millis(), answer.status(), answer.location().orElse(null),
                answer.contentType(), sealed);
    }

    /** Gives the key back: the request failed in a way a retry may do better (a 5xx). */
    public void release(Claimed claimed) {
        store.release(claimed.id());
    }

    /** Forgets keys past their retention. */
    public int purgeExpired() {
        return store.deleteExpired(clock.millis());
    }

    /** The additional authenticated data of a kept answer: it opens only in its own row. */
    public static String aad(String id) {
        return "idempotency:" + id;
    }

    /** Hex SHA-256: what is kept of keys and requests. */
    public static String digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private Answer answerOf(IdempotencyRow row) {
        byte[] body = sealer.open(row.responseSealed(), aad(row.id()));
        return new Answer(row.status(), Optional.ofNullable(row.location()), row.contentType(), body);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an earlier request with the same key", e);
        }
    }
}
