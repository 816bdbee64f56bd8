package dev.latchkey.gateway;

import dev.latchkey.http.OutboundStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes an upstream answer on as it arrives: its status, the allowed headers, and the body copied chunk
 * by chunk with a flush after each (one event of an SSE stream reaches the client when the upstream sends
 * it). A read blocks until the upstream sends more, and a write until the client takes it: back-pressure
 * both ways. Either side ending ends the other.
 */
final class UpstreamRelay {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRelay.class);
    private static final String SESSION_HEADER = "mcp-session-id";

    private final JsonRpcAnswers answers;

    UpstreamRelay(JsonRpcAnswers answers) {
        this.answers = answers;
    }

    /**
     * @param sessionId the gateway's session id, which replaces the upstream's own {@code Mcp-Session-Id}
     *     (empty: the upstream's passes through, for a request outside a gateway session)
     */
    void relay(OutboundStream upstream, HttpServletResponse response, Optional<String> sessionId) throws IOException {
        try (upstream) {
            response.setStatus(upstream.status());
            Map<String, List<String>> headers = GatewayHeaders.downstream(upstream.headers());
            sessionId.ifPresent(id -> headers.put(SESSION_HEADER, List.of(id)));
            headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            boolean stream = upstream.isEventStream();
            if (stream) {
                response.setHeader("X-Accel-Buffering", "no");
            }
            OutputStream out = response.getOutputStream();
            if (stream) {
                response.flushBuffer();
            }
            InputStream in = upstream.body();
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException upstreamBroke) {
                    LOG.debug("upstream answer broke off: {}", upstreamBroke.getMessage());
                    if (response.isCommitted()) {
                        // Let Jetty abort the client's connection: a cut answer must not look complete.
                        throw upstreamBroke;
                    }
                    response.reset();
                    answers.gatewayError(response, 502, Optional.empty(), "The upstream MCP server's answer broke off: "
                            + upstreamBroke.getMessage());
                    return;
                }
                if (n < 0) {
                    break;
                }
                // A failed write means the client went away: leaving closes the upstream exchange.
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }
}
