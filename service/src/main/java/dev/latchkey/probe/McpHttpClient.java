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
 * A minimal MCP client over Streamable HTTP: JSON-RPC POSTs that accept a JSON or an SSE answer.
 * It speaks 2025-11-25 (initialize, then the session id and the negotiated version on every
 * request) until a server answers {@code initialize} with 400; from then on the stateless 2026-07-28
 * protocol ({@code server/discover}, no session, the version in a header and in every request's
 * {@code _meta}). Enough to prove a token works: open, tools/list, tools/call.
 */
public final class McpHttpClient {

    static final String PROTOCOL_VERSION = "2025-11-25";
    static final String STATELESS_VERSION = "2026-07-28";

    /** How a conversation with the server is held. */
    public enum Generation {
        /** 2025-11-25 and before: {@code initialize}, then a session. */
        SESSIONS,
        /** 2026-07-28: no initialize, no session; {@code server/discover} says what the server offers. */
        STATELESS
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI endpoint;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;
    private String negotiatedVersion;
    private Generation generation = Generation.SESSIONS;

    public McpHttpClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A new conversation with the same server, in the generation this one settled on. */
    public McpHttpClient again() {
        McpHttpClient next = new McpHttpClient(endpoint);
        next.generation = generation;
        return next;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Generation generation() {
        return generation;
    }

    /**
     * Opens the conversation. A server that answers {@code initialize} with 400 (neither a refusal
     * of the missing token, 401, nor a success) is taken for a 2026-07-28 server, which has no
     * initialize: the conversation opens again with {@code server/discover}, whose answer decides.
     */
    public Reply open(Optional<String> token) throws IOException, InterruptedException {
        if (generation == Generation.SESSIONS) {
            Reply init = initialize(token);
            if (init.status() != 400) {
                return init;
            }
            generation = Generation.STATELESS;
        }
        return call("server/discover", json.createObjectNode(), token);
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
        http.send(request(message, token).build(), HttpResponse.BodyHandlers.discarding());
    }

    private Reply call(String method, JsonNode params, Optional<String> token) throws IOException, InterruptedException {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        if (generation == Generation.STATELESS) {
            ObjectNode meta = ((ObjectNode) params).putObject("_meta")
                    .put("io.modelcontextprotocol/protocolVersion", STATELESS_VERSION);
            meta.putObject("io.modelcontextprotocol/clientCapabilities");
        }
        message.set("params", params);
        HttpRequest.Builder builder = request(message, token);
        if (generation == Generation.STATELESS) {
            // The version as in _meta; the method and a tool's name for intermediaries that route on headers.
            builder.setHeader("MCP-Protocol-Version", STATELESS_VERSION).header("Mcp-Method", method);
            if (params.hasNonNull("name")) {
                builder.header("Mcp-Name", params.path("name").asText());
            }
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
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

    private HttpRequest.Builder request(JsonNode message, Optional<String> token) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        if (sessionId != null && generation == Generation.SESSIONS) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        if (negotiatedVersion != null) {
            builder.header("MCP-Protocol-Version", negotiatedVersion);
        }
        return builder;
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
