package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's protocol generation 2 (2026-07-28) with real peers: upstream, the TypeScript SDK v2's
 * server ({@code @modelcontextprotocol/server} 2.4.0, which also serves 2025-era clients) behind the SDK's
 * authorization server; in front, the SDK v2 client ({@code @modelcontextprotocol/client} 2.4.0) run by
 * Node, and raw HTTP for what an SDK never sends (changed, replayed and borrowed states).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayGeneration2EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2026-07-28";
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-gen2-e2e"))
            .with("events.webhooks.deliver", "false")
            .with("gateway.streamHeartbeat", "500ms");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static NodePeer peer;
    private static ApiClient api;
    private static String key;
    private static String gatewayUrl;

    @BeforeAll
    static void start() {
        peer = Peers.start("mcp-v2-peer.mjs");
        api = new ApiClient(TEST_APP.baseUrl());
        key = AppDatabase.apiKey(AppDatabase.jdbi(APP.getConfiguration()), "acme-gen2");
        ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode()
                .put("url", peer.field("mcpUrl")).put("name", "SDK v2 peer").toString());
        assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        gatewayUrl = server.body().get("gatewayUrl").asText();
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void theV2ClientGetsInputRequiredAndItsOwnRetrySucceedsOnceTheUserHasAuthorized(@TempDir Path dir)
            throws Exception {
        String x = mint("x");
        Path linkFile = dir.resolve("link");
        Path doneFile = dir.resolve("done");

        CompletableFuture<JsonNode> run = CompletableFuture.supplyAsync(() -> v2Client(x, "call", "--elicitation",
                "url", "--link-file", linkFile.toString(), "--done-file", doneFile.toString()));
        Await.until(Duration.ofSeconds(60), () -> Files.exists(linkFile) || run.isDone(),
                () -> "the client's elicitation handler got no link");
        assertThat(run.isDone()).as(() -> "the client ended early: " + run.join()).isFalse();
        String link = Files.readString(linkFile);
        assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");

        // The headless user opens the link: landing → the SDK's authorization server → callback.
        assertThat(new HeadlessBrowser().follow(link).body()).contains("Connected");
        Files.writeString(doneFile, "done");

        JsonNode result = run.get(60, TimeUnit.SECONDS);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("version").asText()).isEqualTo(VERSION);
        assertThat(result.get("echo").asText()).isEqualTo("through the gateway");
        assertThat(result.get("echoIsError").asBoolean()).isFalse();
        assertThat(result.at("/whoami/resource").asText()).isEqualTo(peer.field("mcpUrl"));
        assertThat(result.get("elicitations")).hasSize(1);
        assertThat(result.at("/elicitations/0/mode").asText()).isEqualTo("url");
        assertThat(result.at("/elicitations/0/url").asText()).isEqualTo(link);

        // Upstream saw the retried call without the gateway's state or input response, with its own token.
        JsonNode calls = JSON.readTree(peer.get("/__mcp-requests"));
        assertThat(calls.toString()).doesNotContain("requestState").doesNotContain("inputResponses");
        assertThat(peer.get("/__mcp-bearers")).doesNotContain("lkg_");

        // The same upstream serves the first generation through the gateway too (the 2025-era SDK client's
        // transport, one request outside a session: no gateway event stream is left open behind the test).
        JsonNode legacy = lastLine(NodePeer.run("gateway-client.mjs", Duration.ofSeconds(60), "--url", gatewayUrl,
                "--token", x, "--mode", "raw-call"));
        assertThat(legacy.get("ok").asBoolean()).as(legacy.toString()).isTrue();
        assertThat(legacy.at("/message/result/content/0/text").asText()).isEqualTo("before authorization");
        assertThat(last(JSON.readTree(peer.get("/__mcp-requests"))).get("era").asText()).isEqualTo("legacy");
    }

    @Test
    void aClientWithoutUrlElicitationGetsTheNoticeAsAFailedToolResult() throws Exception {
        String plain = mint("plain");

        JsonNode result = v2Client(plain, "call", "--elicitation", "none");

        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("echoIsError").asBoolean()).isTrue();
        assertThat(result.get("echo").asText()).startsWith("<message-context>\n")
                .contains("EventType: assistant_mcp_auth_required\n").contains("AuthURL: " + TEST_APP.baseUrl());

        // Any other request gets the gateway's -32001 error with the link, as in the first generation.
        HttpResponse<String> list = post(plain, "tools/list", null, params(null, false), Map.of());
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode error = JSON.readTree(list.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(error.at("/error/data/authorizationUrl").asText()).startsWith(TEST_APP.baseUrl() + "/connect/");
    }

    @Test
    void theRequestStateIsSealedBoundToItsSubjectAndRequestAndAcceptedOnce() throws Exception {
        String z = mint("z");
        String other = mint("not-z");

        JsonNode first = JSON.readTree(post(z, "tools/call", "echo", params("hi", true), Map.of()).body());
        assertThat(first.at("/result/resultType").asText()).as(first.toString()).isEqualTo("input_required");
        String link = first.at("/result/inputRequests/latchkey_authorization/params/url").asText();
        String state1 = first.at("/result/requestState").asText();

        // Retried before the user has finished: input_required again, with a new state and the same link.
        HttpResponse<String> notYet = post(z, "tools/call", "echo", retry(params("hi", true), state1), Map.of());
        JsonNode again = JSON.readTree(notYet.body());
        assertThat(again.at("/result/resultType").asText()).as(notYet.body()).isEqualTo("input_required");
        String state2 = again.at("/result/requestState").asText();
        assertThat(state2).isNotEqualTo(state1);
        assertThat(again.at("/result/inputRequests/latchkey_authorization/params/url").asText()).isEqualTo(link);

        assertRefused(post(z, "tools/call", "echo", retry(params("hi", true), state1), Map.of()), "used before");
        int at = state2.length() - 12;
        String modified = state2.substring(0, at) + (state2.charAt(at) == 'x' ? 'y' : 'x') + state2.substring(at + 1);
        assertRefused(post(z, "tools/call", "echo", retry(params("hi", true), modified), Map.of()), "not one");
        assertRefused(post(other, "tools/call", "echo", retry(params("hi", true), state2), Map.of()), "not one");
        assertRefused(post(z, "tools/call", "echo", retry(params("other", true), state2), Map.of()), "not one");

        // The user finishes; the retry with the (unspent) state goes upstream, stripped of it.
        assertThat(new HeadlessBrowser().follow(link).body()).contains("Connected");
        HttpResponse<String> served = post(z, "tools/call", "echo", retry(params("hi", true), state2),
                Map.of("Mcp-Param-Region", "eu-west"));
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode answer = message(served);
        assertThat(answer.at("/result/content/0/text").asText()).as(served.body()).isEqualTo("hi");
        JsonNode seen = last(JSON.readTree(peer.get("/__mcp-requests")));
        assertThat(seen.get("params").toString()).isEqualTo("[\"name\",\"arguments\",\"_meta\"]");
        assertThat(seen.at("/headers/mcp-param-region").asText()).as("unknown Mcp-Param-* forwarded")
                .isEqualTo("eu-west");
        assertThat(seen.at("/headers/mcp-name").asText()).isEqualTo("echo");

        assertRefused(post(z, "tools/call", "echo", retry(params("hi", true), state2), Map.of()), "used before");
    }

    @Test
    void headersMustAgreeWithTheBodyAndOnlyPostIsServed() throws Exception {
        String h = mint("h");
        int before = JSON.readTree(peer.get("/__mcp-requests")).size();

        HttpResponse<String> method = post(h, "tools/list", null, params("hi", true),
                Map.of("Mcp-Method", "tools/call"));
        assertThat(method.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(method.body()).at("/error/code").asInt()).isEqualTo(-32020);
        HttpResponse<String> name = post(h, "tools/call", "echo", params("hi", true), Map.of("Mcp-Name", "whoami"));
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(name.body()).at("/error/code").asInt()).isEqualTo(-32020);
        HttpResponse<String> version = post(h, "tools/call", "echo", params("hi", true),
                Map.of("MCP-Protocol-Version", "2025-11-25"));
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(version.body()).at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(JSON.readTree(peer.get("/__mcp-requests")).size()).as("nothing went upstream").isEqualTo(before);

        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(gatewayUrl)).GET()
                .header("Authorization", "Bearer " + h).header("Accept", "text/event-stream")
                .header("MCP-Protocol-Version", VERSION);
        HttpResponse<String> stream = Http.send(get);
        assertThat(stream.statusCode()).isEqualTo(405);
        assertThat(stream.headers().firstValue("allow")).contains("POST");
    }

    @Test
    void closingTheAnswerStreamClosesTheUpstreamRequest() throws Exception {
        String c = authorized("c");

        // The SDK client aborts its slow call after 1 s: it closes the stream. The tool would take 30 s.
        JsonNode result = v2Client(c, "slow", "--ms", "30000");
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        Await.until(Duration.ofSeconds(10), () -> peer.get("/__cancelled").contains("30000"),
                () -> "the upstream did not see the request end: " + peer.get("/__cancelled"));
    }

    @Test
    void subscriptionsListenIsPassedThroughAsAStream() throws Exception {
        String l = authorized("l");
        ObjectNode params = params(null, false);
        params.putObject("notifications").put("toolsListChanged", true);
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1)
                .put("method", "subscriptions/listen");
        body.set("params", params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + l).header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", "subscriptions/listen").build();

        HttpResponse<InputStream> stream = Http.client().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).contains("notifications/subscriptions/acknowledged");
        }
    }

    /** A subject whose user has authorized the upstream server (through an input_required link). */
    private static String authorized(String subject) throws Exception {
        String token = mint(subject);
        JsonNode first = JSON.readTree(post(token, "tools/call", "echo", params("hi", true), Map.of()).body());
        assertThat(new HeadlessBrowser().follow(first.at("/result/inputRequests/latchkey_authorization/params/url")
                .asText()).body()).contains("Connected");
        return token;
    }

    private static void assertRefused(HttpResponse<String> response, String why) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(error.at("/error/message").asText()).contains(why).doesNotContain("lkrs1.");
    }

    private static ObjectNode params(String text, boolean urlElicitation) {
        ObjectNode params = JSON.createObjectNode();
        if (text != null) {
            params.put("name", "echo");
            params.putObject("arguments").put("text", text);
        }
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", VERSION);
        ObjectNode capabilities = meta.putObject("io.modelcontextprotocol/clientCapabilities");
        if (urlElicitation) {
            capabilities.putObject("elicitation").putObject("url");
        }
        return params;
    }

    private static ObjectNode retry(ObjectNode params, String state) {
        ObjectNode retry = params.deepCopy().put("requestState", state);
        retry.putObject("inputResponses").putObject("latchkey_authorization").put("action", "accept");
        return retry;
    }

    private static HttpResponse<String> post(String token, String method, String name, ObjectNode params,
                                             Map<String, String> overrides) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "r-" + System.nanoTime())
                .put("method", method);
        body.set("params", params);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", VERSION);
        headers.put("Mcp-Method", method);
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        headers.putAll(overrides);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::setHeader);
        return Http.send(request);
    }

    /** The JSON-RPC message of an answer, whether JSON or an event stream. */
    private static JsonNode message(HttpResponse<String> response) throws IOException {
        if (!response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
            return JSON.readTree(response.body());
        }
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ") && line.contains("\"id\"")) {
                return JSON.readTree(line.substring("data: ".length()));
            }
        }
        throw new AssertionError("no message in " + response.body());
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static String mint(String subject) {
        ApiClient.Reply minted = api.post(key, "/v1/gateway-tokens", JSON.createObjectNode()
                .put("subject", subject).toString());
        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        return minted.body().get("token").asText();
    }

    private static JsonNode v2Client(String token, String mode, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"--url", gatewayUrl, "--token", token, "--mode", mode}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return lastLine(NodePeer.run("gateway-client-v2.mjs", Duration.ofSeconds(120), args));
    }

    private static JsonNode lastLine(String out) {
        String[] lines = out.strip().split("\n");
        try {
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException("the client printed: " + out, e);
        }
    }
}
