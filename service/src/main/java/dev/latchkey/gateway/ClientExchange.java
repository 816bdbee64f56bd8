package dev.latchkey.gateway;

import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.session.SessionOwner;
import dev.latchkey.gateway.tokens.GatewayCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One client request to the gateway once the front door let it in: who sent it (a valid gateway token
 * that may reach the server), the registered server, the body of a POST (within the size limit) and what
 * the body is.
 */
record ClientExchange(HttpServletRequest request, HttpServletResponse response, GatewayCaller caller,
                      UpstreamServer server, Optional<byte[]> body, Optional<McpMessage> message) {

    String method() {
        return request.getMethod();
    }

    boolean isPost() {
        return method().equals("POST");
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The client's headers that may go upstream ({@link GatewayHeaders}), without those named in {@code replaced}. */
    Map<String, List<String>> forwardedHeaders(String... replaced) {
        Map<String, List<String>> headers = GatewayHeaders.upstream(Collections.list(request.getHeaderNames()),
                name -> Collections.list(request.getHeaders(name)));
        for (String name : replaced) {
            headers.keySet().removeIf(key -> key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        }
        return headers;
    }

    SessionOwner owner() {
        return new SessionOwner(caller.tenant(), caller.subject(), caller.tokenId(), server.id());
    }
}
