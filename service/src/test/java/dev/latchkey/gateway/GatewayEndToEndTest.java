package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The gateway's first slice with real peers: the MCP SDK's server and authorization server upstream,
 * registered through {@code /v1/servers}; gateway tokens minted through the API; the official
 * TypeScript SDK client ({@code Client} + {@code StreamableHTTPClientTransport}) in front, run by Node.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-e2e"))
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    private static NodePeer peer;
    private static Jdbi jdbi;
    private static ApiClient api;
    private static String key;
    private static String gatewayUrl;
    private static String slug;

    @BeforeAll
    static void start() {
        peer = Peers.start("mcp-sdk-peer.mjs", "--set-cookie");
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        key = AppDatabase.apiKey(jdbi, "acme-gateway");
        ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode()
                .put("url", peer.field("mcpUrl")).put("name", "SDK peer").toString());
        assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        gatewayUrl = server.body().get("gatewayUrl").asText();
        slug = server.body().get("slug").asText();
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void theSdkClientWorksThroughTheGatewayOnceTheUserHasAuthorized() throws Exception {
        String x = mint("x", null);

        // Before any authorization: the request is answered with the notice and the link of a new flow.
        JsonNode before = sdkClient(x, "raw-call");
        assertThat(before.get("ok").asBoolean()).as(before.toString()).isTrue();
        JsonNode answer = before.get("message");
        assertThat(answer.get("id").asText()).isEqualTo("call-1");
        assertThat(answer.at("/error/code").asInt()).isEqualTo(-32001);
        String link = answer.at("/error/data/authorizationUrl").asText();
        assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");
        assertThat(answer.at("/error/message").asText()).startsWith("<message-context>\n")
                .contains("EventType: assistant_mcp_auth_required\n").contains("AuthURL: " + link + "\n");
        JsonNode flow = api.get(key, "/v1/flows/" + answer.at("/error/data/flowId").asText()).body();
        assertThat(flow.get("subject").asText()).isEqualTo("x");
        assertThat(flow.get("status").asText()).isEqualTo("pending");

        // In a session the gateway answers initialize itself; this client declared no URL elicitation, so
        // its tools/call gets the notice as a tool result — with the same link: the pending flow nobody
        // opened yet is reused, not a flow per request.
        JsonNode early = sdkClient(x, "session");
        assertThat(early.get("ok").asBoolean()).as(early.toString()).isTrue();
        assertThat(early.get("server").asText()).isEqualTo("latchkey-gateway");
        assertThat(early.get("tools").toString()).isEqualTo("[\"" + AuthorizationAnswer.AUTHORIZE_TOOL + "\"]");
        assertThat(early.get("echoIsError").asBoolean()).isTrue();
        assertThat(early.get("echo").asText()).startsWith("<message-context>\n").contains("AuthURL: " + link + "\n");

        // The user opens the link (headless browser: landing → the SDK's authorization server → callback).
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(link);
        assertThat(journey.body()).contains("Connected");

        JsonNode session = sdkClient(x, "session");
        assertThat(session.get("ok").asBoolean()).as(session.toString()).isTrue();
        assertThat(session.get("server").asText()).isEqualTo("mcp-sdk-peer");
        assertThat(session.get("tools").toString()).contains("\"echo\"", "\"whoami\"");
        assertThat(session.get("echo").asText()).isEqualTo("through the gateway");
        assertThat(session.get("echoIsError").asBoolean()).isFalse();
        assertThat(session.at("/whoami/resource").asText()).isEqualTo(peer.field("mcpUrl"));

        // The upstream saw Latchkey's upstream tokens only (its bearer check accepts nothing else).
        List<String> bearers = new ArrayList<>();
        JSON.readTree(peer.get("/__mcp-bearers")).forEach(b -> bearers.add(b.asText()));
        assertThat(bearers).isNotEmpty().noneMatch(b -> b.startsWith("lkg_") || b.isEmpty())
                .noneMatch(b -> b.contains(x.substring(4)));

        // Token reads through the gateway are audited as the gateway token, never with the token.
        String prefix = x.substring(0, "lkg_".length() + 10);
        Await.until(Duration.ofSeconds(10), () -> tokenReads(prefix) > 0, () -> "no token read audited");
        List<String> actorTypes = jdbi.withHandle(h -> h.createQuery("SELECT actor_type FROM audit_log"
                + " WHERE actor = :actor AND action = 'connection.token_read'").bind("actor", prefix)
                .mapTo(String.class).list());
        assertThat(actorTypes).containsOnly("GATEWAY_TOKEN");

        // An upstream cookie is not passed on: the peer sets one on every /mcp answer.
        HttpResponse<String> direct = post(peer.field("mcpUrl"), null, INITIALIZE, Map.of());
        assertThat(direct.headers().allValues("set-cookie")).isNotEmpty();
        HttpResponse<String> through = post(gatewayUrl, x, INITIALIZE, Map.of());
        assertThat(through.statusCode()).as(through.body()).isEqualTo(200);
        assertThat(through.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(through.body()).contains("serverInfo");
        assertThat(through.headers().allValues("set-cookie")).isEmpty();
        assertThat(through.headers().map().keySet()).doesNotContain("www-authenticate");

        // The stateless peer has no GET stream: its 405 comes through as it is.
        HttpResponse<String> stream = send(gatewayUrl, x, "GET", null, Map.of("Accept", "text/event-stream"));
        assertThat(stream.statusCode()).isEqualTo(405);

        // Another subject of the same tenant cannot use x's connection: y gets a notice of its own.
        String y = mint("y", null);
        JsonNode forY = sdkClient(y, "raw-call");
        assertThat(forY.at("/message/error/code").asInt()).as(forY.toString()).isEqualTo(-32001);
        String yFlow = forY.at("/message/error/data/flowId").asText();
        assertThat(api.get(key, "/v1/flows/" + yFlow).body().get("subject").asText()).isEqualTo("y");
    }

    @Test
    void callersAreCheckedBeforeAnythingGoesUpstream() {
        String x = mint("x-checks", null);
        HttpResponse<String> none = post(gatewayUrl, null, INITIALIZE, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("www-authenticate")).containsExactly("Bearer realm=\"latchkey-gateway\"");

        HttpResponse<String> wrong = post(gatewayUrl, "lkg_notarealtoken_atall", INITIALIZE, Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate").orElseThrow()).contains("invalid_token")
                .doesNotContain("resource_metadata");

        String elsewhere = mint("x-checks", "some-other-server");
        assertThat(post(gatewayUrl, elsewhere, INITIALIZE, Map.of()).statusCode()).isEqualTo(403);

        // Another tenant's token, same subject name: the slug is looked up in its own tenant only.
        String otherKey = AppDatabase.apiKey(jdbi, "globex-gateway");
        ApiClient.Reply otherToken = api.post(otherKey, "/v1/gateway-tokens", "{\"subject\":\"x-checks\"}");
        HttpResponse<String> foreign = post(gatewayUrl, otherToken.body().get("token").asText(), INITIALIZE, Map.of());
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
        assertThat(post(TEST_APP.baseUrl() + "/mcp/no-such-server", x, INITIALIZE, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(post(gatewayUrl, x, INITIALIZE, Map.of("Origin", "http://evil.example")).statusCode())
                .isEqualTo(403);

        // Without a connection: a notification is accepted, a batch refused, GET not served.
        assertThat(post(gatewayUrl, x, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                Map.of("Origin", TEST_APP.baseUrl())).statusCode()).isEqualTo(202);
        HttpResponse<String> batch = post(gatewayUrl, x, "[" + INITIALIZE + "]", Map.of());
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(batch.body()).contains("batch");
        assertThat(send(gatewayUrl, x, "GET", null, Map.of("Accept", "text/event-stream")).statusCode())
                .isEqualTo(405);

        assertThat(peer.get("/__mcp-bearers")).doesNotContain("lkg_");
    }

    @Test
    void aSessionServesOnlyTheTokenItWasOpenedWithUntilItEnds() {
        String x = mint("x-sessions", null);
        HttpResponse<String> init = post(gatewayUrl, x, INITIALIZE, Map.of());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(session).startsWith("mcs_");
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        Map<String, String> inSession = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        HttpResponse<String> mine = post(gatewayUrl, x, list, inSession);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(mine.body()).contains(AuthorizationAnswer.AUTHORIZE_TOOL);
        assertThat(post(gatewayUrl, mint("y-sessions", null), list, inSession).statusCode())
                .as("another subject's token").isEqualTo(404);
        assertThat(post(gatewayUrl, mint("x-sessions", null), list, inSession).statusCode())
                .as("another token of the same subject").isEqualTo(404);
        assertThat(post(gatewayUrl, x, list, Map.of("Mcp-Session-Id", "mcs_" + "a".repeat(42))).statusCode())
                .isEqualTo(404);

        assertThat(send(gatewayUrl, x, "DELETE", null, inSession).statusCode()).isEqualTo(204);
        assertThat(post(gatewayUrl, x, list, inSession).statusCode()).as("ended").isEqualTo(404);
    }

    private static long tokenReads(String actor) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log WHERE actor = :actor"
                + " AND action = 'connection.token_read'").bind("actor", actor).mapTo(Long.class).one());
    }

    private static String mint(String subject, String server) {
        var body = JSON.createObjectNode().put("subject", subject);
        if (server != null) {
            body.putArray("servers").add(server);
        }
        ApiClient.Reply minted = api.post(key, "/v1/gateway-tokens", body.toString());
        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        return minted.body().get("token").asText();
    }

    private static JsonNode sdkClient(String token, String mode) {
        String out = NodePeer.run("gateway-client.mjs", Duration.ofSeconds(60), "--url", gatewayUrl, "--token", token,
                "--mode", mode);
        String[] lines = out.strip().split("\n");
        try {
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException("gateway-client printed: " + out, e);
        }
    }

    private static HttpResponse<String> post(String url, String token, String body, Map<String, String> headers) {
        return send(url, token, "POST", body, headers);
    }

    private static HttpResponse<String> send(String url, String token, String method, String body,
                                             Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json, text/event-stream");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        return Http.send(request);
    }
}
