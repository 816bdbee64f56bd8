package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.LoopbackHttpServer.Received;
import dev.latchkey.testing.LoopbackHttpServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's MCP client against a server of each generation: 2025-11-25 sessions, 2026-07-28 stateless. */
class McpHttpClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoopbackHttpServer server = new LoopbackHttpServer();

    @AfterEach
    void close() {
        server.close();
    }

    /** As the conformance suite's 2026-07-28 mock: no initialize, the version in the header and in _meta. */
    private Reply stateless(Received request) {
        JsonNode body = read(request.body());
        String version = request.header("MCP-Protocol-Version");
        JsonNode meta = body.path("params").path("_meta");
        if (version == null || !version.equals(meta.path("io.modelcontextprotocol/protocolVersion").asText())
                || !meta.has("io.modelcontextprotocol/clientCapabilities")) {
            return Reply.json(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32020,"
                    + "\"message\":\"Missing MCP-Protocol-Version header\"}}");
        }
        String method = body.path("method").asText();
        if (!method.equals(request.header("Mcp-Method"))) {
            return Reply.json(400, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"x\"}}");
        }
        String id = body.path("id").toString();
        return switch (method) {
            case "server/discover" -> Reply.json(200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":"
                    + "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}}}}");
            case "tools/call" -> "test-tool".equals(request.header("Mcp-Name"))
                    ? Reply.json(200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[]}}")
                    : Reply.json(400, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32600,\"message\":\"x\"}}");
            default -> Reply.json(404, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32601,\"message\":\"x\"}}");
        };
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aServerThatAnswersInitializeWith400IsSpokenToStatelessly() throws Exception {
        server.route("/mcp", this::stateless);
        McpHttpClient client = new McpHttpClient(server.uri("/mcp"));

        McpHttpClient.Reply opened = client.open(Optional.of("token"));

        assertThat(opened.ok()).as("server/discover answered").isTrue();
        assertThat(client.generation()).isEqualTo(McpHttpClient.Generation.STATELESS);
        assertThat(client.callTool("test-tool", JSON.createObjectNode(), Optional.of("token")).ok()).isTrue();
        assertThat(server.received()).extracting(r -> read(r.body()).path("method").asText())
                .containsExactly("initialize", "server/discover", "tools/call");
        assertThat(server.received().get(2).header("Mcp-Session-Id")).isNull();
        assertThat(client.again().generation()).as("a new conversation keeps the generation")
                .isEqualTo(McpHttpClient.Generation.STATELESS);
    }

    @Test
    void aServerThatRefusesInitializeWithoutATokenIsNotTakenForAStatelessOne() throws Exception {
        server.route("/mcp", r -> Reply.json(401, "{}").withHeader("WWW-Authenticate", "Bearer"));
        McpHttpClient client = new McpHttpClient(server.uri("/mcp"));

        McpHttpClient.Reply opened = client.open(Optional.empty());

        assertThat(opened.unauthorized()).isTrue();
        assertThat(client.generation()).isEqualTo(McpHttpClient.Generation.SESSIONS);
        assertThat(server.received()).hasSize(1);
    }
}
