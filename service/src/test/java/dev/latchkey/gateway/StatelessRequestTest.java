package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and checking a generation-2 POST before anything goes upstream. */
class StatelessRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL = """
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"},
             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                      "io.modelcontextprotocol/clientCapabilities":{"elicitation":{"url":{}}}}}}""";

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i].toLowerCase(), pairs[i + 1]);
        }
        return out;
    }

    private static StatelessRequest.Outcome read(String body, Map<String, String> headers) {
        return StatelessRequest.read(name -> headers.get(name.toLowerCase()), body.getBytes(StandardCharsets.UTF_8),
                JSON);
    }

    private static final Map<String, String> CALL_HEADERS = headers("MCP-Protocol-Version", "2026-07-28",
            "Mcp-Method", "tools/call", "Mcp-Name", "echo");

    @Test
    void theGenerationIsTheBodysVersionOrTheHeaders() {
        byte[] call = CALL.getBytes(StandardCharsets.UTF_8);
        assertThat(StatelessRequest.isGeneration2(null, call, JSON)).isTrue();
        assertThat(StatelessRequest.isGeneration2("2026-07-28", "[]".getBytes(), JSON)).isTrue();
        assertThat(StatelessRequest.isGeneration2("2027-01-01", null, JSON)).as("later revisions too").isTrue();
        assertThat(StatelessRequest.isGeneration2("2025-11-25", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"
                .getBytes(), JSON)).isFalse();
        assertThat(StatelessRequest.isGeneration2(null, "not json".getBytes(), JSON)).isFalse();
        assertThat(StatelessRequest.isGeneration2("latest", null, JSON)).isFalse();
    }

    @Test
    void aConsistentRequestIsReadWithItsCapabilities() {
        StatelessRequest.Outcome outcome = read(CALL, CALL_HEADERS);

        assertThat(outcome).isInstanceOf(StatelessRequest.Valid.class);
        StatelessRequest request = ((StatelessRequest.Valid) outcome).request();
        assertThat(request.id().asInt()).isEqualTo(7);
        assertThat(request.method()).isEqualTo("tools/call");
        assertThat(request.name()).contains("echo");
        assertThat(request.protocolVersion()).isEqualTo("2026-07-28");
        assertThat(request.acceptsUrlElicitation()).isTrue();
        assertThat(((StatelessRequest.Valid) read(CALL.replace("{\"url\":{}}", "{}"), CALL_HEADERS)).request()
                .acceptsUrlElicitation()).as("elicitation: {} is form mode only").isFalse();
    }

    @Test
    void headersThatDisagreeWithTheBodyAre400WithHeaderMismatch() {
        assertRefused(read(CALL, headers("MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/call",
                "Mcp-Name", "echo")), 400, -32020);
        assertRefused(read(CALL, headers("Mcp-Method", "tools/call", "Mcp-Name", "echo")), 400, -32020);
        assertRefused(read(CALL, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Name", "echo")), 400, -32020);
        assertRefused(read(CALL, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list",
                "Mcp-Name", "echo")), 400, -32020);
        assertRefused(read(CALL, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call")),
                400, -32020);
        assertRefused(read(CALL, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "other")), 400, -32020);
    }

    @Test
    void mcpNameMirrorsTheUriOfResourcesReadAndMayBeBase64() {
        String read = """
                {"jsonrpc":"2.0","id":"r","method":"resources/read","params":{"uri":"file:///é.txt",
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                          "io.modelcontextprotocol/clientCapabilities":{}}}}""";
        String encoded = "=?base64?" + java.util.Base64.getEncoder()
                .encodeToString("file:///é.txt".getBytes(StandardCharsets.UTF_8)) + "?=";
        StatelessRequest.Outcome outcome = read(read, headers("MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "resources/read", "Mcp-Name", encoded));
        assertThat(outcome).isInstanceOf(StatelessRequest.Valid.class);
        assertThat(((StatelessRequest.Valid) outcome).request().name()).contains("file:///é.txt");

        assertRefused(read(read, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/read",
                "Mcp-Name", "file:///other.txt")), 400, -32020);
    }

    @Test
    void unnamedMethodsNeedNoMcpName() {
        String list = """
                {"jsonrpc":"2.0","id":2,"method":"tools/list","params":{
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                          "io.modelcontextprotocol/clientCapabilities":{}}}}""";
        StatelessRequest.Outcome outcome = read(list, headers("MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/list"));
        assertThat(outcome).isInstanceOf(StatelessRequest.Valid.class);
        assertThat(((StatelessRequest.Valid) outcome).request().name()).isEmpty();
    }

    @Test
    void aRequestWithoutItsEnvelopeIsInvalidParams() {
        String bare = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{}}";
        assertRefused(read(bare, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list")),
                400, -32602);
        String noCapabilities = """
                {"jsonrpc":"2.0","id":3,"method":"tools/list","params":{
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""";
        assertRefused(read(noCapabilities, headers("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/list")), 400, -32602);
    }

    @Test
    void notificationsNeedNoHeadersAndBatchesOrResponsesAreRefused() {
        StatelessRequest.Outcome note = read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}",
                Map.of());
        assertThat(note).isEqualTo(new StatelessRequest.Notification("notifications/cancelled"));

        assertRefused(read("[" + CALL + "]", CALL_HEADERS), 400, -32600);
        assertRefused(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", CALL_HEADERS), 400, -32600);
        assertRefused(read("{nope", CALL_HEADERS), 400, -32700);
    }

    private static void assertRefused(StatelessRequest.Outcome outcome, int status, int code) {
        assertThat(outcome).isInstanceOf(StatelessRequest.Refused.class);
        StatelessRequest.Refused refused = (StatelessRequest.Refused) outcome;
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.code()).as(refused.message()).isEqualTo(code);
    }
}
