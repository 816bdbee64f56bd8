package dev.latchkey.discovery;

import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks an MCP server itself which protected-resource metadata it names: an initialize request
 * without a token, whose 401 challenge carries the server's own {@code resource_metadata}. A URL a
 * caller put in its {@code wwwAuthenticate} is the caller's word; the server's answer makes it the
 * server's, and only then is what was learned from it shared with other tenants.
 */
final class ChallengeConfirmation {

    private static final byte[] INITIALIZE = ("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"Latchkey\","
            + "\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8);

    private final OutboundHttp http;

    ChallengeConfirmation(OutboundHttp http) {
        this.http = http;
    }

    /** Whether the server's own challenge names {@code named}; any failure to ask is a no. */
    boolean confirms(URI serverUrl, URI named, Deadline deadline) {
        OutboundRequest initialize = new OutboundRequest("POST", serverUrl, Map.of(
                "Content-Type", List.of("application/json"),
                "Accept", List.of("application/json, text/event-stream")), Optional.of(INITIALIZE), false,
                "MCP server's own challenge");
        try {
            OutboundResponse response = http.send(initialize.within(deadline.remaining()));
            return response.status() == 401 && response.header("www-authenticate")
                    .flatMap(header -> Challenge.parse(header).resourceMetadata()).filter(named::equals).isPresent();
        } catch (EgressException e) {
            return false;
        }
    }
}
