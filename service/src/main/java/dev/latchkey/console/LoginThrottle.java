package dev.latchkey.console;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    private final LoginThrottleStore store;
    private final Clock clock;
    private final Policy policy;

    public LoginThrottle(Jdbi jdbi, Clock clock, Policy policy) {
        this.store = new LoginThrottleStore(jdbi);
        this.clock = clock;
        this.policy = policy;
    }

    /** How long the caller must still wait, if any of its keys is locked. */
    public Optional<Duration> lockedFor(String name, String address) {
        long now = clock.millis();
        long until = store.lockedUntil(keys(name, address));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    public void failed(String name, String address) {
        long now = clock.millis();
        store.recordFailure(keys(name, address), now, now - policy.maxLock().toMillis(),
                failures -> failures >= policy.failuresBeforeLock() ? now + lockMillis(failures) : null);
    }

    public void succeeded(String name, String address) {
        store.clear(keys(name, address));
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
