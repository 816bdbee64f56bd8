package dev.latchkey.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after the n-th failed attempt: the configured delays (growing roughly
 * exponentially, over more than a day by default), each spread by ±20 % so that a receiver that
 * comes back is not hit by every retry at once. Past the last delay the delivery is dead.
 */
public record RetrySchedule(List<Duration> delays) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("the retry schedule needs at least one positive delay");
        }
    }

    /** The delay after failed attempt number {@code attempt} (1-based), or empty when there is none left. */
    public Optional<Duration> after(int attempt) {
        if (attempt < 1 || attempt > delays.size()) {
            return Optional.empty();
        }
        long base = delays.get(attempt - 1).toMillis();
        long spread = base / 5;
        long jitter = spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        return Optional.of(Duration.ofMillis(Math.max(1, base + jitter)));
    }

    public Duration total() {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
