package dev.latchkey.connection;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Settings of token handling. */
public class ConnectionsFactory {

    /** Refresh when the access token expires within this margin. */
    @NotNull
    private Duration refreshSkew = Duration.seconds(60);

    /** How long a token request waits for a refresh running elsewhere before answering 503. */
    @NotNull
    private Duration refreshWait = Duration.seconds(20);

    @JsonProperty
    public Duration getRefreshSkew() {
        return refreshSkew;
    }

    @JsonProperty
    public void setRefreshSkew(Duration refreshSkew) {
        this.refreshSkew = refreshSkew;
    }

    @JsonProperty
    public Duration getRefreshWait() {
        return refreshWait;
    }

    @JsonProperty
    public void setRefreshWait(Duration refreshWait) {
        this.refreshWait = refreshWait;
    }
}
