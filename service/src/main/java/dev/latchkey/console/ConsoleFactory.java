package dev.latchkey.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The {@code console:} section: operators, session lifetime and sign-in throttling. */
public class ConsoleFactory {

    @Valid
    @NotNull
    private List<OperatorConfig> operators = new ArrayList<>();

    @NotNull
    private Duration idleTimeout = Duration.minutes(30);

    @NotNull
    private Duration absoluteTimeout = Duration.hours(12);

    @Min(1)
    @Max(100)
    private int failuresBeforeLock = 5;

    @NotNull
    private Duration lockDuration = Duration.minutes(1);

    @NotNull
    private Duration maxLockDuration = Duration.hours(1);

    @JsonProperty
    public List<OperatorConfig> getOperators() {
        return operators;
    }

    @JsonProperty
    public void setOperators(List<OperatorConfig> operators) {
        this.operators = operators == null ? new ArrayList<>() : operators;
    }

    @JsonProperty
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    @JsonProperty
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @JsonProperty
    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    @JsonProperty
    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    @JsonProperty
    public int getFailuresBeforeLock() {
        return failuresBeforeLock;
    }

    @JsonProperty
    public void setFailuresBeforeLock(int failuresBeforeLock) {
        this.failuresBeforeLock = failuresBeforeLock;
    }

    @JsonProperty
    public Duration getLockDuration() {
        return lockDuration;
    }

    @JsonProperty
    public void setLockDuration(Duration lockDuration) {
        this.lockDuration = lockDuration;
    }

    @JsonProperty
    public Duration getMaxLockDuration() {
        return maxLockDuration;
    }

    @JsonProperty
    public void setMaxLockDuration(Duration maxLockDuration) {
        this.maxLockDuration = maxLockDuration;
    }

    public LoginThrottle.Policy throttlePolicy() {
        return new LoginThrottle.Policy(failuresBeforeLock, lockDuration.toJavaDuration(),
                maxLockDuration.toJavaDuration());
    }
}
