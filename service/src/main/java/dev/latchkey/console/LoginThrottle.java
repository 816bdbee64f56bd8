package dev.latchkey.console;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Slows down password guessing, per operator name and per client address, in the database so
 * that all instances count together. After {@code failuresBeforeLock} failures a key is locked for
 * {@code lockDuration}; every further failure doubles the lock, up to {@code maxLock}. A success
 * clears both keys; failures older than the longest lock are forgotten.
 */
public final class LoginThrottle {

    /** How hard to throttle. */
    public record Policy(int failuresBeforeLock, Duration lockDuration, Duration maxLock) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Policy policy;

    public LoginThrottle(Jdbi jdbi, Clock clock, Policy policy) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.policy = policy;
    }

    /** How long the caller must still wait, if any of its keys is locked. */
    public Optional<Duration> lockedFor(String name, String address) {
        long now = clock.millis();
        long until = jdbi.withHandle(handle -> keys(name, address).stream()
                .mapToLong(key -> handle.createQuery(
                                "SELECT locked_until FROM console_login_throttle WHERE throttle_key = :key")
                        .bind("key", key).mapTo(Long.class).findOne().orElse(0L))
                .max().orElse(0L));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    public void failed(String name, String address) {
        long now = clock.millis();
        jdbi.useTransaction(handle -> keys(name, address).forEach(key -> recordFailure(handle, key, now)));
    }

    public void succeeded(String name, String address) {
        jdbi.useHandle(handle -> keys(name, address).forEach(key -> handle
                .createUpdate("DELETE FROM console_login_throttle WHERE throttle_key = :key")
                .bind("key", key).execute()));
    }

    private void recordFailure(Handle handle, String key, long now) {
        int previous = handle.createQuery("""
                        SELECT failures FROM console_login_throttle
                        WHERE throttle_key = :key AND last_failure_at > :forgetBefore""")
                .bind("key", key).bind("forgetBefore", now - policy.maxLock().toMillis())
                .mapTo(Integer.class).findOne().orElse(0);
        int failures = previous + 1;
        Long lockedUntil = failures >= policy.failuresBeforeLock() ? now + lockMillis(failures) : null;
        int updated = handle.createUpdate("""
                        UPDATE console_login_throttle SET failures = :failures, last_failure_at = :now,
                               locked_until = :until WHERE throttle_key = :key""")
                .bind("failures", failures).bind("now", now).bind("until", lockedUntil).bind("key", key).execute();
        if (updated == 0) {
            handle.createUpdate("""
                            INSERT INTO console_login_throttle (throttle_key, failures, last_failure_at, locked_until)
                            VALUES (:key, :failures, :now, :until)""")
                    .bind("key", key).bind("failures", failures).bind("now", now).bind("until", lockedUntil)
                    .execute();
        }
    }

    long lockMillis(int failures) {
        int doublings = Math.min(20, failures - policy.failuresBeforeLock());
        long lock = policy.lockDuration().toMillis() << doublings;
        return Math.min(lock, policy.maxLock().toMillis());
    }

    private static List<String> keys(String name, String address) {
        String safeName = name == null ? "" : name.length() > 120 ? name.substring(0, 120) : name;
        return List.of("name:" + safeName.toLowerCase(java.util.Locale.ROOT), "addr:" + address);
    }
}
