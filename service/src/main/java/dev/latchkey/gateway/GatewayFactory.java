package dev.latchkey.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** Settings of the MCP gateway ({@code /mcp/{slug}}). */
public class GatewayFactory {

    /** The largest MCP message a client may POST; a larger one is answered 413 and not sent upstream. */
    @NotNull
    private DataSize maxRequestBody = DataSize.mebibytes(4);

    /**
     * The largest answer that is not an event stream (a JSON response, an error page) passed back;
     * an event stream is passed on as it arrives, without a size limit.
     */
    @NotNull
    private DataSize maxResponseBody = DataSize.mebibytes(16);

    /**
     * How long the gateway waits for the upstream server's response headers, and how long an event
     * stream may stay silent before it is closed. A JSON answer must then arrive whole within
     * {@code egress.readTimeout}.
     */
    @NotNull
    private Duration streamIdleTimeout = Duration.minutes(5);

    /**
     * How often a silent generation-2 event stream gets a comment line, so that a client that closed it
     * (which cancels the request in 2026-07-28) is noticed and the upstream request closed.
     */
    @NotNull
    private Duration streamHeartbeat = Duration.seconds(10);

    @JsonProperty
    public Duration getStreamHeartbeat() {
        return streamHeartbeat;
    }

    @JsonProperty
    public void setStreamHeartbeat(Duration streamHeartbeat) {
        this.streamHeartbeat = streamHeartbeat;
    }

    /**
     * How long an MCP session may go without a request before the gateway forgets it (the client then
     * gets 404 and initializes again).
     */
    @NotNull
    private Duration sessionIdleTimeout = Duration.hours(24);

    @JsonProperty
    public Duration getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    @JsonProperty
    public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
        this.sessionIdleTimeout = sessionIdleTimeout;
    }

    @JsonProperty
    public DataSize getMaxRequestBody() {
        return maxRequestBody;
    }

    @JsonProperty
    public void setMaxRequestBody(DataSize maxRequestBody) {
        this.maxRequestBody = maxRequestBody;
    }

    @JsonProperty
    public DataSize getMaxResponseBody() {
        return maxResponseBody;
    }

    @JsonProperty
    public void setMaxResponseBody(DataSize maxResponseBody) {
        this.maxResponseBody = maxResponseBody;
    }

    @JsonProperty
    public Duration getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    @JsonProperty
    public void setStreamIdleTimeout(Duration streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }
}
