package dev.latchkey.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Settings of the one outbound HTTP client. */
public class EgressFactory {

    /** Development only: lets the guard reach loopback and private addresses and plain-http servers. */
    private boolean allowPrivateNetworks = false;

    @NotNull
    private Duration connectTimeout = Duration.seconds(5);

    @NotNull
    private Duration readTimeout = Duration.seconds(10);

    @NotNull
    private DataSize maxResponseSize = DataSize.kibibytes(512);

    @Min(0)
    @Max(10)
    private int maxRedirects = 3;

    /**
     * Connections open at once to one server (scheme, host and port). Requests beyond wait for one to be
     * free. The MCP gateway holds one per open upstream event stream, so this bounds how many streams a
     * single upstream server can have through one instance.
     */
    @Min(1)
    private int maxConnectionsPerServer = 4096;

    @JsonProperty
    public boolean isAllowPrivateNetworks() {
        return allowPrivateNetworks;
    }

    @JsonProperty
    public void setAllowPrivateNetworks(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Duration getReadTimeout() {
        return readTimeout;
    }

    @JsonProperty
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    @JsonProperty
    public DataSize getMaxResponseSize() {
        return maxResponseSize;
    }

    @JsonProperty
    public void setMaxResponseSize(DataSize maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    @JsonProperty
    public int getMaxRedirects() {
        return maxRedirects;
    }

    @JsonProperty
    public void setMaxRedirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }

    @JsonProperty
    public int getMaxConnectionsPerServer() {
        return maxConnectionsPerServer;
    }

    @JsonProperty
    public void setMaxConnectionsPerServer(int maxConnectionsPerServer) {
        this.maxConnectionsPerServer = maxConnectionsPerServer;
    }
}
