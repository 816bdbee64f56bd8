package dev.latchkey.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latchkey's own MCP server at {@code /mcp} with real peers: the official TypeScript SDK client in
 * front (run by Node, with and without URL-mode elicitation), the MCP SDK's server and authorization
 * server upstream (registered through {@code /v1/servers}), a headless user completing the link.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AssistantMcpEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("assistant-e2e"))
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    private static NodePeer peer;
    private static Jdbi jdbi;
    private static ApiClient api;
    private static String key;
    private static String otherKey;
    private static JsonNode server;
    private static JsonNode otherServer;

    @BeforeAll
    static void start() {
        peer = Peers.start("mcp-sdk-peer.mjs");
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        key = AppDatabase.apiKey(jdbi, "acme-assistant");
        otherKey = AppDatabase.apiKey(jdbi, "other-assistant");
        server = register(key, "SDK peer");
        otherServer = register(otherKey, "Other tenant peer");
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void anAssistantConnectsAndDisconnectsAServerThroughTheTools() throws Exception {
        String x = mint(key, "x", null);
        String slug = server.get("slug").asText();

        // Listed: the tools with their schemas, the tenant's server, no connection yet, then the notice.
        JsonNode first = assistant(x, false, "list_servers", "list_connections", call("connect_server", slug));
        assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("server").asText()).isEqualTo("latchkey");
        assertThat(names(first.get("tools"))).containsExactlyInAnyOrder("list_servers", "list_connections",
                "connect_server", "disconnect_server", "flow_status");
        first.get("tools").forEach(tool -> assertThat(tool.get("described").asBoolean()).isTrue());
        assertThat(tool(first, "connect_server").get("required").toString()).isEqualTo("[\"server\"]");
        assertThat(tool(first, "flow_status").get("required").toString()).isEqualTo("[\"flow_id\"]");

        JsonNode servers = result(first, 0);
        assertThat(servers.at("/structured/servers").size()).isEqualTo(1);
        assertThat(servers.at("/structured/servers/0/slug").asText()).isEqualTo(slug);
        assertThat(servers.at("/structured/servers/0/gatewayUrl").asText()).isEqualTo(server.get("gatewayUrl").asText());
        assertThat(servers.get("text").asText()).contains("SDK peer", server.get("gatewayUrl").asText());
        assertThat(result(first, 1).at("/structured/connections").size()).isZero();

        JsonNode notice = result(first, 2);
        assertThat(notice.get("isError").asBoolean()).isFalse();
        String link = notice.at("/structured/authorizationUrl").asText();
        String flowId = notice.at("/structured/flowId").asText();
        assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");
        assertThat(notice.get("text").asText()).startsWith("<message-context>\n")
                .contains("EventType: assistant_mcp_auth_required\n").contains("AuthURL: " + link + "\n");
        assertThat(api.get(key, "/v1/flows/" + flowId).body().get("subject").asText()).isEqualTo("x");

        // A client that declared URL-mode elicitation gets -32042 with the same (reused) link instead.
        JsonNode elicited = assistant(x, true, call("connect_server", slug), call("flow_status", flowId, "flow_id"));
        JsonNode error = elicited.at("/calls/0/error");
        assertThat(error.get("type").asText()).as(elicited.toString()).isEqualTo("UrlElicitationRequiredError");
        assertThat(error.get("code").asInt()).isEqualTo(-32042);
        assertThat(error.at("/elicitations/0/mode").asText()).isEqualTo("url");
        assertThat(error.at("/elicitations/0/url").asText()).isEqualTo(link);
        assertThat(error.at("/elicitations/0/elicitationId").asText()).isEqualTo(flowId);
        assertThat(error.at("/elicitations/0/message").asText()).contains("SDK peer");
        assertThat(result(elicited, 1).at("/structured/status").asText()).isEqualTo("pending");
        assertThat(result(elicited, 1).get("text").asText()).contains(link);

        // The user opens the link (landing → the SDK's authorization server → callback).
        assertThat(new HeadlessBrowser().follow(link).body()).contains("Connected");

        JsonNode after = assistant(x, false, call("flow_status", flowId, "flow_id"), "list_connections",
                call("connect_server", slug));
        assertThat(result(after, 0).at("/structured/status").asText()).isEqualTo("authorized");
        JsonNode connections = result(after, 1).at("/structured/connections");
        assertThat(connections.size()).as(after.toString()).isEqualTo(1);
        JsonNode connection = connections.get(0);
        assertThat(connection.get("serverId").asText()).isEqualTo(server.get("id").asText());
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.has("accessTokenExpiresAt")).isTrue();
        assertThat(fieldNames(connection)).noneMatch(name -> name.toLowerCase().contains("token")
                && !name.equals("accessTokenExpiresAt"));
        assertThat(result(after, 2).at("/structured/status").asText()).isEqualTo("connected");
        assertThat(result(after, 2).get("text").asText()).contains("already connected");

        // Another subject of the tenant, and the same subject name in another tenant, see none of it.
        String y = mint(key, "y", null);
        String otherX = mint(otherKey, "x", null);
        JsonNode forY = assistant(y, false, "list_connections", call("flow_status", flowId, "flow_id"),
                call("disconnect_server", slug));
        assertThat(result(forY, 0).at("/structured/connections").size()).isZero();
        assertThat(result(forY, 1).get("isError").asBoolean()).isTrue();
        assertThat(result(forY, 1).get("text").asText()).contains("No flow");
        assertThat(result(forY, 2).at("/structured/connections").asInt()).isZero();
        JsonNode forOther = assistant(otherX, false, "list_servers", "list_connections",
                call("flow_status", flowId, "flow_id"), call("connect_server", slug),
                call("disconnect_server", server.get("id").asText()));
        assertThat(result(forOther, 0).at("/structured/servers").size()).isEqualTo(1);
        assertThat(result(forOther, 0).at("/structured/servers/0/id").asText())
                .isEqualTo(otherServer.get("id").asText());
        assertThat(result(forOther, 1).at("/structured/connections").size()).isZero();
        assertThat(result(forOther, 2).get("isError").asBoolean()).isTrue();
        assertThat(result(forOther, 3).get("isError").asBoolean()).as(forOther.toString()).isTrue();
        assertThat(result(forOther, 4).get("isError").asBoolean()).isTrue();
        String connectionId = connection.get("id").asText();
        assertThat(api.get(key, "/v1/connections/" + connectionId).body().get("status").asText()).isEqualTo("active");

        // disconnect_server revokes it; the audit names the gateway token, not an API key.
        JsonNode gone = assistant(x, false, call("disconnect_server", slug), "list_connections");
        assertThat(result(gone, 0).at("/structured/connections").asInt()).as(gone.toString()).isEqualTo(1);
        assertThat(result(gone, 0).get("text").asText()).startsWith("Disconnected from SDK peer");
        assertThat(result(gone, 1).at("/structured/connections").size()).isZero();
        assertThat(api.get(key, "/v1/connections/" + connectionId).body().get("status").asText()).isEqualTo("revoked");
        List<String> actors = jdbi.withHandle(h -> h.createQuery("SELECT actor_type || ' ' || actor FROM audit_log"
                + " WHERE action = 'connection.revoke' AND target_id = :id").bind("id", connectionId)
                .mapTo(String.class).list());
        assertThat(actors).containsExactly("GATEWAY_TOKEN " + x.substring(0, "lkg_".length() + 10));
    }

    @Test
    void aTokenLimitedToOtherServersSeesAndReachesNoneOfThem() {
        String limited = mint(key, "x-limited", "some-other-server");
        JsonNode answer = assistant(limited, true, "list_servers", call("connect_server", server.get("slug").asText()));
        assertThat(result(answer, 0).at("/structured/servers").size()).as(answer.toString()).isZero();
        assertThat(result(answer, 1).get("isError").asBoolean()).isTrue();
        assertThat(result(answer, 1).get("text").asText()).contains("may not reach");
        assertThat(api.get(key, "/v1/flows?subject=x-limited").body().get("items").size()).isZero();
    }

    @Test
    void everyRequestPresentsAGatewayTokenAndTheGatewayKeepsItsSlugs() {
        String x = mint(key, "x-http", null);
        String mcp = TEST_APP.baseUrl() + "/mcp";

        HttpResponse<String> none = post(mcp, null, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("www-authenticate")).containsExactly("Bearer realm=\"latchkey-gateway\"");
        HttpResponse<String> wrong = post(mcp, "lkg_notarealtoken_atall", Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate").orElseThrow()).contains("invalid_token");
        assertThat(wrong.body()).doesNotContain("notarealtoken");
        assertThat(post(mcp, x, Map.of("Origin", "http://evil.example")).statusCode()).isEqualTo(403);

        HttpResponse<String> served = post(mcp, x, Map.of("Origin", TEST_APP.baseUrl()));
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("mcp-session-id")).isPresent();
        assertThat(served.body()).contains("\"name\":\"latchkey\"");
        // A session is used with the token that opened it only: another token's request is 404 (start anew).
        String session = served.headers().firstValue("mcp-session-id").orElseThrow();
        HttpResponse<String> listed = post(mcp, x, TOOLS_LIST, Map.of("Mcp-Session-Id", session));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("list_servers");
        String other = mint(key, "y-http", null);
        HttpResponse<String> ridden = post(mcp, other, TOOLS_LIST, Map.of("Mcp-Session-Id", session));
        assertThat(ridden.statusCode()).isEqualTo(404);
        assertThat(ridden.body()).doesNotContain("list_servers");
        assertThat(send(mcp, other, "DELETE", Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(404);

        // No server-initiated stream: GET is 405; DELETE ends the session.
        HttpResponse<String> stream = send(mcp, x, "GET", Map.of("Accept", "text/event-stream",
                "Mcp-Session-Id", session));
        assertThat(stream.statusCode()).isEqualTo(405);
        assertThat(stream.headers().firstValue("allow")).hasValue("POST, DELETE");
        assertThat(send(mcp, x, "HEAD", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session)).statusCode())
                .isEqualTo(405);
        assertThat(send(mcp, null, "DELETE", Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(401);
        assertThat(send(mcp, x, "DELETE", Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(200);
        assertThat(send(mcp, x, "DELETE", Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(404);

        HttpResponse<String> slash = post(mcp + "/", x, Map.of());
        assertThat(slash.statusCode()).as(slash.body()).isEqualTo(200);
        assertThat(slash.body()).contains("\"name\":\"latchkey\"");

        // /mcp/{slug} is still the gateway's: an unknown slug is its 404, not the MCP server.
        HttpResponse<String> gateway = post(mcp + "/no-such-server", x, Map.of());
        assertThat(gateway.statusCode()).isEqualTo(404);
        assertThat(gateway.body()).contains("No server is registered");
    }

    @Test
    void aRefusedRequestLeavesItsConnectionUsable() throws Exception {
        // The body arrives after the headers: refused at once and left unread, it would get the connection
        // closed behind the answer, and the client's next request on it would fail. Both MCP endpoints.
        byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/mcp", "/mcp/some-server")) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), TEST_APP.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write(body);
                out.write(("DELETE " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answers = readUntil(socket.getInputStream(), 2, "HTTP/1.1 401");
                assertThat(answers.split("HTTP/1.1 401", -1)).as(path + ": " + answers).hasSize(3);
            }
        }
    }

    /** What the server sends until {@code marker} was seen {@code times} times, the socket closes or times out. */
    private static String readUntil(InputStream in, int times, String marker) {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while (seen.toString().split(marker, -1).length <= times && (n = in.read(buffer)) >= 0) {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException closedOrQuiet) {
            // what came so far is the answer
        }
        return seen.toString();
    }

    private static JsonNode register(String apiKey, String name) {
        ApiClient.Reply registered = api.post(apiKey, "/v1/servers", JSON.createObjectNode()
                .put("url", peer.field("mcpUrl")).put("name", name).toString());
        assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(201);
        return registered.body();
    }

    private static String mint(String apiKey, String subject, String onlyServer) {
        var body = JSON.createObjectNode().put("subject", subject);
        if (onlyServer != null) {
            body.putArray("servers").add(onlyServer);
        }
        ApiClient.Reply minted = api.post(apiKey, "/v1/gateway-tokens", body.toString());
        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        return minted.body().get("token").asText();
    }

    private static String call(String tool, String value) {
        return call(tool, value, "server");
    }

    private static String call(String tool, String value, String argument) {
        return tool + ":" + JSON.createObjectNode().put(argument, value);
    }

    /** Runs the TypeScript SDK client: initialize, tools/list, then each call in order. */
    private static JsonNode assistant(String token, boolean elicitation, String... calls) {
        List<String> args = new ArrayList<>(List.of("--url", TEST_APP.baseUrl() + "/mcp", "--token", token));
        if (elicitation) {
            args.add("--elicitation");
        }
        for (String call : calls) {
            args.add("--call=" + call);
        }
        String out = NodePeer.run("assistant-client.mjs", Duration.ofSeconds(60), args.toArray(String[]::new));
        String[] lines = out.strip().split("\n");
        try {
            JsonNode answer = JSON.readTree(lines[lines.length - 1]);
            assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("assistant-client printed: " + out, e);
        }
    }

    private static JsonNode result(JsonNode answer, int call) {
        JsonNode result = answer.at("/calls/" + call + "/result");
        assertThat(result.isMissingNode()).as(answer.toString()).isFalse();
        return result;
    }

    private static JsonNode tool(JsonNode answer, String name) {
        for (JsonNode tool : answer.get("tools")) {
            if (tool.get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + answer);
    }

    private static List<String> names(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> send(String url, String token, String method, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        return Http.send(request);
    }

    private static HttpResponse<String> post(String url, String token, Map<String, String> headers) {
        return post(url, token, INITIALIZE, headers);
    }

    private static HttpResponse<String> post(String url, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        return Http.send(request);
    }
}
