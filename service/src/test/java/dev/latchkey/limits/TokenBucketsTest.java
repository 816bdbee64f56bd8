package dev.latchkey.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(new LimitsFactory.Rate(2, 3), 100, nanos::get);

    @Test
    void aKeyGetsItsBurstThenWaitsForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("key-a")).isEmpty();
        }

        assertThat(buckets.take("key-a")).contains(Duration.ofMillis(500));
        assertThat(buckets.take("key-b")).as("another key has its own bucket").isEmpty();
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(buckets.take("key-a")).isEmpty();
        assertThat(buckets.take("key-a")).contains(Duration.ofMillis(500));
    }

    @Test
    void aQuietBucketRefillsOnlyUpToTheBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.take("key-a");
        }
        nanos.addAndGet(Duration.ofHours(1).toNanos());

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("key-a")).isEmpty();
        }
        assertThat(buckets.take("key-a")).isPresent();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(TokenBuckets.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(TokenBuckets.retryAfterSeconds(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(TokenBuckets.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(TokenBuckets.retryAfterSeconds(Duration.ofSeconds(10))).isEqualTo(10);
    }
}
