package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against a steerable upstream on loopback (the testkit's authorization server, an MCP
 * endpoint of the test's own): an SSE answer streamed through event by event; an upstream 401 answered
 * with one forced refresh (the token had not expired) and one more try, and — when the refresh is
 * refused — with the authorization answer and a new flow.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-upstream"))
            .with("events.webhooks.deliver", "false").with("gateway.maxRequestBody", "2KiB");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}";

    private static FakeProvider as;
    private static HttpServer mcp;
    private static final List<String> bearersSeen = new CopyOnWriteArrayList<>();
    private static final CountDownLatch firstEventRelayed = new CountDownLatch(1);
    private static final AtomicBoolean lastEventSent = new AtomicBoolean();
    /** Tokens the fake MCP server no longer accepts. */
    private static final Set<String> refused = ConcurrentHashMap.newKeySet();
    private static ApiClient api;
    private static String key;
    private static String gatewayUrl;

    @BeforeAll
    static void start() throws IOException {
        as = new FakeProvider("gw");
        as.expiresIn(3600L);
        mcp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        mcp.setExecutor(Executors.newCachedThreadPool());
        String serverUrl = "http://127.0.0.1:" + mcp.getAddress().getPort() + "/mcp";
        String metadata = "{\"resource\":\"" + serverUrl + "\",\"authorization_servers\":[\"" + as.issuer()
                + "\"],\"scopes_supported\":[\"mcp:tools\"]}";
        mcp.createContext("/.well-known/oauth-protected-resource/mcp",
                exchange -> answer(exchange, 200, "application/json", metadata));
        mcp.createContext("/mcp", GatewayUpstreamTest::mcp);
        mcp.start();
        Jdbi jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        key = AppDatabase.apiKey(jdbi, "acme-refresh");
        ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode().put("url", serverUrl)
                .put("name", "Fake").toString());
        assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        gatewayUrl = server.body().get("gatewayUrl").asText();
    }

    @AfterAll
    static void stop() {
        if (as != null) {
            as.close();
        }
        firstEventRelayed.countDown();
        if (mcp != null) {
            mcp.stop(0);
        }
    }

    @Test
    void aRefusedTokenIsRefreshedOnceThenTheUserAuthorizesAgain() throws Exception {
        String token = mint("rita");
        JsonNode first = JSON.readTree(call(token).body());
        assertThat(first.at("/error/code").asInt()).as(first.toString()).isEqualTo(-32001);
        new HeadlessBrowser().follow(first.at("/error/data/authorizationUrl").asText());

        HttpResponse<String> ok = call(token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"tools\"");
        List<String> seen = bearers();
        String original = seen.get(seen.size() - 1);

        // The upstream refuses the (unexpired) token: one refresh, and the call goes through with the new one.
        refused.add(original);
        long refreshes = as.countTokenRequests("refresh_token");
        HttpResponse<String> again = call(token);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"tools\"");
        assertThat(as.countTokenRequests("refresh_token")).isEqualTo(refreshes + 1);
        List<String> after = bearers();
        assertThat(after.get(after.size() - 2)).isEqualTo(original);
        assertThat(after.get(after.size() - 1)).isNotEqualTo(original);
        assertThat(after).noneMatch(b -> b.startsWith("lkg_"));

        // Refused again, and the refresh is refused too: the user must authorize anew.
        refused.add(after.get(after.size() - 1));
        as.answerTokenRequests("refresh_token", r -> dev.latchkey.testkit.Reply.json(400,
                "{\"error\":\"invalid_grant\"}"));
        try {
            JsonNode lapsed = JSON.readTree(call(token).body());
            assertThat(lapsed.at("/error/code").asInt()).as(lapsed.toString()).isEqualTo(-32001);
            assertThat(lapsed.get("id").asInt()).isEqualTo(5);
            assertThat(lapsed.at("/error/data/flowId").asText()).startsWith("flw")
                    .as("the finished flow is not reused").isNotEqualTo(first.at("/error/data/flowId").asText());
        } finally {
            as.standardTokenAnswers();
        }
    }

    @Test
    void anSseAnswerIsStreamedThroughEventByEvent() throws Exception {
        String token = mint("sam");
        JsonNode first = JSON.readTree(call(token).body());
        new HeadlessBrowser().follow(first.at("/error/data/authorizationUrl").asText());

        HttpResponse<InputStream> response = Http.client().send(request(token,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"stream\"}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().allValues("set-cookie")).isEmpty();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message");
            assertThat(reader.readLine()).contains("notifications/progress");
            assertThat(lastEventSent).as("the first event came through before the upstream sent the last").isFalse();
            firstEventRelayed.countDown();
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo("event: message");
            assertThat(reader.readLine()).contains("\"id\":9");
        }
    }

    @Test
    void aMessageOverTheLimitIsRefusedWithoutGoingUpstream() {
        String token = mint("tom");
        int before = bearers().size();
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"text\":\""
                + "x".repeat(3000) + "\"}}";
        HttpResponse<String> refused = Http.send(request(token, big));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("larger than 2048 bytes");
        assertThat(bearers()).hasSize(before);
    }

    private static List<String> bearers() {
        return List.copyOf(bearersSeen);
    }

    /**
     * The MCP endpoint: 401 for a refused or missing token; for a {@code stream} request two SSE events,
     * the second only once the test has read the first through the gateway (or after 5 s, when
     * something buffered it); else a JSON answer.
     */
    private static void mcp(HttpExchange exchange) throws IOException {
        String bearer = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (bearer.startsWith("Bearer ")) {
            bearersSeen.add(bearer.substring(7));
        }
        if (!bearer.startsWith("Bearer ") || refused.contains(bearer.substring(7))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            answer(exchange, 401, "application/json", "{\"error\":\"invalid_token\"}");
            return;
        }
        exchange.getResponseHeaders().add("Set-Cookie", "upstream=secret");
        if (!body.contains("\"stream\"")) {
            answer(exchange, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"tools\":[]}}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                firstEventRelayed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lastEventSent.set(true);
            out.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String mint(String subject) {
        ApiClient.Reply minted = api.post(key, "/v1/gateway-tokens", "{\"subject\":\"" + subject + "\"}");
        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        return minted.body().get("token").asText();
    }

    private static HttpResponse<String> call(String token) {
        return Http.send(request(token, CALL));
    }

    private static HttpRequest.Builder request(String token, String body) {
        return HttpRequest.newBuilder(URI.create(gatewayUrl))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token);
    }
}
