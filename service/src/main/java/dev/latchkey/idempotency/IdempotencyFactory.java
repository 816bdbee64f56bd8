package dev.latchkey.idempotency;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;

/** How long answers to {@code Idempotency-Key} requests are kept, and how long a retry waits for the first. */
public class IdempotencyFactory {

    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 30, unit = TimeUnit.DAYS)
    private Duration retention = Duration.hours(24);

    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration wait = Duration.seconds(30);

    @MinDuration(value = 10, unit = TimeUnit.SECONDS)
    private Duration abandonedAfter = Duration.minutes(2);

    /** How long a key and its answer are kept; a retry after that runs as a new request. */
    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /** How long a retry waits for the first request with its key to finish before it is answered 409. */
    @JsonProperty
    public Duration getWait() {
        return wait;
    }

    @JsonProperty
    public void setWait(Duration wait) {
        this.wait = wait;
    }

    /** A claim without an answer this old belongs to a request that died with its instance; a retry takes it over. */
    @JsonProperty
    public Duration getAbandonedAfter() {
        return abandonedAfter;
    }

    @JsonProperty
    public void setAbandonedAfter(Duration abandonedAfter) {
        this.abandonedAfter = abandonedAfter;
    }

    public IdempotencyKeys.Settings settings() {
        return new IdempotencyKeys.Settings(retention.toJavaDuration(), wait.toJavaDuration(),
                abandonedAfter.toJavaDuration());
    }
}
