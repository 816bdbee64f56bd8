package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayHeadersTest {

    private static Map<String, List<String>> upstream(Map<String, List<String>> client) {
        return GatewayHeaders.upstream(client.keySet(), client::get);
    }

    @Test
    void onlyTheMcpHeadersGoUpstreamAndNeverTheGatewayToken() {
        Map<String, List<String>> client = new LinkedHashMap<>();
        client.put("Accept", List.of("application/json, text/event-stream"));
        client.put("Content-Type", List.of("application/json"));
        client.put("mcp-session-id", List.of("s-1"));
        client.put("MCP-Protocol-Version", List.of("2025-11-25"));
        client.put("Last-Event-ID", List.of("42"));
        client.put("Mcp-Method", List.of("tools/call"));
        client.put("Mcp-Name", List.of("echo"));
        client.put("Mcp-Param-Region", List.of("eu"));
        client.put("mcp-param-x-unknown", List.of("=?base64?SGk=?="));
        client.put("Authorization", List.of("Bearer lkg_secret"));
        client.put("Cookie", List.of("session=1"));
        client.put("Host", List.of("latchkey.example"));
        client.put("X-Forwarded-For", List.of("10.0.0.1"));
        client.put("Origin", List.of("http://127.0.0.1:8080"));
        client.put("Mcp-Param-", List.of("nameless"));
        client.put("Proxy-Authorization", List.of("Basic x"));

        Map<String, List<String>> out = upstream(client);

        assertThat(out.keySet()).containsExactly("Accept", "Content-Type", "mcp-session-id", "MCP-Protocol-Version",
                "Last-Event-ID", "Mcp-Method", "Mcp-Name", "Mcp-Param-Region", "mcp-param-x-unknown");
        assertThat(out.toString()).doesNotContain("lkg_").doesNotContain("session=1");
    }

    @Test
    void valuesWithLineBreaksAreDropped() {
        Map<String, List<String>> out = upstream(Map.of("Mcp-Session-Id", List.of("a\r\nAuthorization: Bearer x", "ok")));
        assertThat(out.get("Mcp-Session-Id")).containsExactly("ok");
    }

    @Test
    void onlyTheAllowedHeadersComeBackAndNeverACookieOrTheUpstreamChallenge() {
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        upstream.put("content-type", List.of("text/event-stream"));
        upstream.put("mcp-session-id", List.of("s-1"));
        upstream.put("mcp-protocol-version", List.of("2025-11-25"));
        upstream.put("cache-control", List.of("no-cache"));
        upstream.put("retry-after", List.of("3"));
        upstream.put("set-cookie", List.of("upstream=secret"));
        upstream.put("www-authenticate", List.of("Bearer resource_metadata=\"https://upstream/.well-known/x\""));
        upstream.put("content-length", List.of("12"));
        upstream.put("transfer-encoding", List.of("chunked"));
        upstream.put("connection", List.of("close"));
        upstream.put("access-control-allow-origin", List.of("*"));
        upstream.put("x-powered-by", List.of("Express"));

        Map<String, List<String>> out = GatewayHeaders.downstream(upstream);

        assertThat(out.keySet()).containsExactly("content-type", "mcp-session-id", "mcp-protocol-version",
                "cache-control", "retry-after");
    }

    @Test
    void theSlugIsOneSafeSegment() {
        assertThat(McpGatewayServlet.slug("/github")).contains("github");
        assertThat(McpGatewayServlet.slug("/github/")).contains("github");
        assertThat(McpGatewayServlet.slug("/a/b")).isEmpty();
        assertThat(McpGatewayServlet.slug("/")).isEmpty();
        assertThat(McpGatewayServlet.slug(null)).isEmpty();
        assertThat(McpGatewayServlet.slug("/../x")).isEmpty();
        assertThat(McpGatewayServlet.slug("/Git%2Fhub")).isEmpty();
    }

    @Test
    void messagesAreToldApart() {
        ObjectMapper json = new ObjectMapper();
        McpMessage request = McpMessage.of(bytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}"), json);
        assertThat(request.kind()).isEqualTo(McpMessage.Kind.REQUEST);
        assertThat(request.id().asInt()).isEqualTo(7);
        assertThat(McpMessage.of(bytes("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"x\"}"), json).id().asText())
                .isEqualTo("a");
        assertThat(McpMessage.of(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), json).kind())
                .isEqualTo(McpMessage.Kind.NOTIFICATION);
        assertThat(McpMessage.of(bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), json).kind())
                .isEqualTo(McpMessage.Kind.RESPONSE);
        assertThat(McpMessage.of(bytes("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]"), json).kind())
                .isEqualTo(McpMessage.Kind.BATCH);
        assertThat(McpMessage.of(bytes("{not json"), json).kind()).isEqualTo(McpMessage.Kind.NOT_JSON);
        assertThat(McpMessage.of(bytes("{\"id\":1,\"method\":\"x\"}"), json).kind()).isEqualTo(McpMessage.Kind.INVALID);
        assertThat(McpMessage.of(bytes("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}"), json).kind())
                .isEqualTo(McpMessage.Kind.INVALID);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
