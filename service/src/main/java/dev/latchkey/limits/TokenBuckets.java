package dev.latchkey.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * One token bucket per key (an API key's prefix, a client address), in memory. A bucket left alone
 * until it is full again is the same as a new one, so it is dropped then; {@code maxKeys} bounds
 * the memory a flood of new keys can take (the least recently used bucket goes first).
 */
public final class TokenBuckets {

    private final double tokensPerNano;
    private final int burst;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(LimitsFactory.Rate rate, long maxKeys, Ticker ticker) {
        if (rate.isOff()) {
            throw new IllegalArgumentException("a rate of 0 is no limit: do not build buckets for it");
        }
        this.tokensPerNano = rate.getRatePerSecond() / 1e9;
        this.burst = rate.getBurst();
        this.ticker = ticker;
        long refillNanos = (long) Math.ceil(burst / tokensPerNano);
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).ticker(ticker)
                .expireAfterAccess(Duration.ofNanos(Math.max(refillNanos, 1_000_000_000L))).build();
    }

    /** Takes one token for {@code key}; when there is none, how long until there is. */
    public Optional<Duration> take(String key) {
        long wait = buckets.get(key, k -> new Bucket(burst, ticker.read())).take(ticker.read(), tokensPerNano, burst);
        return wait == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(wait));
    }

    /** Whole seconds to wait, rounded up, at least one: the value of a Retry-After header. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        /** 0 when a token was taken, else the nanoseconds until one is there. */
        synchronized long take(long now, double tokensPerNano, int burst) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
        }
    }
}
