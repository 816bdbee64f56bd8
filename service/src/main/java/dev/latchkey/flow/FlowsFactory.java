package dev.latchkey.flow;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.protocol.Step;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Settings of authorization flows. */
public class FlowsFactory {

    /** How long a flow's link and state stay valid. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 15, unit = TimeUnit.MINUTES)
    private Duration stateTtl = Duration.minutes(10);

    /** How often pending flows are checked for expiry. */
    @NotNull
    private Duration expiryInterval = Duration.seconds(30);

    /** How long finished flows and their timelines are kept. */
    @NotNull
    private Duration retention = Duration.days(30);

    /** Step-up limit: at most this many flows for one (connection, scope set) within the window. */
    @Min(1)
    @Max(20)
    private int stepUpLimit = 3;

    @NotNull
    private Duration stepUpWindow = Duration.minutes(30);

    /** Largest accepted caller {@code context} object, serialised. */
    @Min(64)
    @Max(4000)
    private int maxContextBytes = 2048;

    /**
     * Flows rehearsed at start, before the server listens (rehearsal.StartupRehearsal): the first
     * loads the code, later ones let the JIT compile it (docs/benchmarks.md); 0 starts without a
     * rehearsal.
     */
    @Min(0)
    @Max(100)
    private int rehearsalRounds = 1;

    /**
     * On PostgreSQL, whether a flow start waits for its commit to reach the disk before answering.
     * By default it does not (FlowStartCommit): a pending flow holds no grant and no token.
     */
    private boolean durableStart = false;

    @JsonProperty
    public int getRehearsalRounds() {
        return rehearsalRounds;
    }

    @JsonProperty
    public void setRehearsalRounds(int rehearsalRounds) {
        this.rehearsalRounds = rehearsalRounds;
    }

    @JsonProperty
    public boolean isDurableStart() {
        return durableStart;
    }

    @JsonProperty
    public void setDurableStart(boolean durableStart) {
        this.durableStart = durableStart;
    }

    @JsonProperty
    public Duration getStateTtl() {
        return stateTtl;
    }

    @JsonProperty
    public void setStateTtl(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @JsonProperty
    public Duration getExpiryInterval() {
        return expiryInterval;
    }

    @JsonProperty
    public void setExpiryInterval(Duration expiryInterval) {
        this.expiryInterval = expiryInterval;
    }

    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    @JsonProperty
    public int getStepUpLimit() {
        return stepUpLimit;
    }

    @JsonProperty
    public void setStepUpLimit(int stepUpLimit) {
        this.stepUpLimit = stepUpLimit;
    }

    @JsonProperty
    public Duration getStepUpWindow() {
        return stepUpWindow;
    }

    @JsonProperty
    public void setStepUpWindow(Duration stepUpWindow) {
        this.stepUpWindow = stepUpWindow;
    }

    @JsonProperty
    public int getMaxContextBytes() {
        return maxContextBytes;
    }

    @JsonProperty
    public void setMaxContextBytes(int maxContextBytes) {
        this.maxContextBytes = maxContextBytes;
    }
}
