package dev.latchkey.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Settings of server discovery. */
public class DiscoveryFactory {

    /** The longest a discovered document is reused; a shorter {@code Cache-Control: max-age} wins. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 24, unit = TimeUnit.HOURS)
    private Duration cacheTtl = Duration.minutes(15);

    /**
     * 2025-03-26 servers publish no protected-resource metadata: when on, the MCP origin is taken
     * as the authorization server (its root metadata, else default endpoints), recorded as a relaxation.
     */
    private boolean legacy2025 = false;

    /**
     * How long one discovery may take in all — every metadata request together, not each alone — so
     * a server that answers each request just inside the timeout cannot hold a flow start for minutes.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    private Duration deadline = Duration.seconds(20);

    @JsonProperty
    public Duration getDeadline() {
        return deadline;
    }

    @JsonProperty
    public void setDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    @JsonProperty
    public Duration getCacheTtl() {
        return cacheTtl;
    }

    @JsonProperty
    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    @JsonProperty("legacy2025")
    public boolean isLegacy2025() {
        return legacy2025;
    }

    @JsonProperty("legacy2025")
    public void setLegacy2025(boolean legacy2025) {
        this.legacy2025 = legacy2025;
    }

    public java.time.Duration cacheTtlDuration() {
        return java.time.Duration.ofMillis(cacheTtl.toMilliseconds());
    }
}
