package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.http.ServerSentEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal MCP client over Streamable HTTP: JSON-RPC POSTs that accept a JSON or an SSE answer,
 * carrying the session id and the negotiated protocol version. Enough to prove a token works:
 * initialize, tools/list, tools/call.
 */
public final class McpHttpClient {

    static final String PROTOCOL_VERSION = "2025-11-25";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI endpoint;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;
    private String negotiatedVersion;

    public McpHttpClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The outcome of one JSON-RPC call: the HTTP status, the challenge if refused, the JSON-RPC response. */
    public record Reply(int status, Optional<String> wwwAuthenticate, Optional<JsonNode> message) {

        public boolean unauthorized() {
            return status == 401 || status == 403;
        }

        public boolean ok() {
            return status / 100 == 2 && message.map(m -> !m.has("error")).orElse(true);
        }
    }

    public Reply initialize(Optional<String> token) throws IOException, InterruptedException {
        ObjectNode params = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "latchkey-probe").put("version", "1");
        Reply reply = call("initialize", params, token);
        if (reply.ok()) {
            reply.message().map(m -> m.path("result").path("protocolVersion").asText(null))
                    .ifPresent(version -> negotiatedVersion = version);
            notifyInitialized(token);
        }
        return reply;
    }

    public Reply listTools(Optional<String> token) throws IOException, InterruptedException {
        return call("tools/list", json.createObjectNode(), token);
    }

    public Reply callTool(String name, JsonNode arguments, Optional<String> token) throws IOException, InterruptedException {
        ObjectNode params = json.createObjectNode().put("name", name);
        params.set("arguments", arguments);
        return call("tools/call", params, token);
    }

    private void notifyInitialized(Optional<String> token) throws IOException, InterruptedException {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        http.send(request(message, token), HttpResponse.BodyHandlers.discarding());
    }

    private Reply call(String method, JsonNode params, Optional<String> token) throws IOException, InterruptedException {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        message.set("params", params);
        HttpResponse<String> response = http.send(request(message, token), HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
        Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
        if (response.statusCode() / 100 != 2) {
            return new Reply(response.statusCode(), challenge, Optional.empty());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body = contentType.startsWith("text/event-stream") ? lastSseData(response.body()) : response.body();
        return new Reply(response.statusCode(), challenge,
                body == null || body.isBlank() ? Optional.empty() : Optional.of(json.readTree(body)));
    }

    private HttpRequest request(JsonNode message, Optional<String> token) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        if (negotiatedVersion != null) {
            builder.header("MCP-Protocol-Version", negotiatedVersion);
        }
        return builder.build();
    }

    /** The JSON-RPC response in an SSE stream: the last {@code data:} event that carries an id. */
    static String lastSseData(String stream) throws IOException {
        ServerSentEvents events = new ServerSentEvents(
                new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
        String last = null;
        Optional<String> data;
        while ((data = events.nextData()).isPresent()) {
            if (data.get().contains("\"id\"")) {
                last = data.get();
            }
        }
        return last;
    }
}
