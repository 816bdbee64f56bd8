package dev.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LatchkeyJar;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar, two tenants, an honest MCP server with its authorization server (the MCP SDK's,
 * which sends no {@code iss}), and an attacker's MCP server and authorization server (hostile-peer).
 * Credential-bearing configuration is in place as an operator would have it: the github plugin with
 * its app, and a declarative profile with a client secret — both matching the attacker's host.
 * Whatever the attacker or tenant A does, no credential, code or token reaches a server it was not
 * issued for, and tenant B's view of the honest server does not change.
 */
class HostileTenantsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_SECRET = "gh-app-secret-6b1f0c";
    private static final String PROFILE_SECRET = "profile-secret-93ad2e";

    @TempDir
    static Path dir;
    private static NodePeer honest;
    private static NodePeer hostile;
    private static LatchkeyJar.Started latchkey;

    @BeforeAll
    static void start() throws Exception {
        LatchkeyJar.jar();
        honest = Peers.start("mcp-sdk-peer.mjs");
        hostile = Peers.start("hostile-peer.mjs");
        Map<String, Object> plugins = new LinkedHashMap<>();
        plugins.put("directory", dir.resolve("plugins").toString());
        // Both match every server on 127.0.0.1 by host, the attacker's included.
        plugins.put("config", Map.of("github", Map.of("client-id", "gh-app-id", "client-secret", GITHUB_SECRET,
                "hosts", "127.0.0.1")));
        plugins.put("profiles", List.of(Map.of("name", "partner", "hosts", List.of("127.0.0.1"),
                "issuers", List.of("https://login.partner.example"), "clientId", "partner-app",
                "clientSecret", PROFILE_SECRET, "tokenEndpointAuthMethod", "client_secret_post")));
        // Limits low enough to reach in a test; the test's own address is a trusted proxy so one "browser" can
        // be throttled (by its X-Forwarded-For) without throttling the others.
        Map<String, Object> limits = Map.of("api", Map.of("ratePerSecond", 10, "burst", 20),
                "browser", Map.of("trustedProxies", List.of("127.0.0.1/32")));
        latchkey = LatchkeyJar.start(dir, Map.of("plugins", plugins, "limits", limits), List.of("a", "b", "c"));
        hostile.post("/__config", JSON.writeValueAsString(Map.of("claimedResource", honest.field("mcpUrl"),
                "needles", List.of(GITHUB_SECRET, PROFILE_SECRET, "gh-app-id", "partner-app"))));
    }

    @AfterAll
    static void stop() {
        if (latchkey != null) {
            latchkey.jar().close();
        }
        if (hostile != null) {
            hostile.close();
        }
        if (honest != null) {
            honest.close();
        }
    }

    @Test
    void aMixUpThroughAnHonestServerWithoutIssNeverSendsItsCodeToTheAttacker() throws Exception {
        // Tenant B connects to the honest server: the attacker learns Latchkey's client there from B's link.
        JsonNode honestFlow = startFlow("b", "bob", honest.field("mcpUrl"), challengeOf(honest.field("mcpUrl")));
        String honestAuthorize = new HeadlessBrowser().open(honestFlow.get("authorizationUrl").asText()).orElseThrow();
        Map<String, String> honestParams = query(URI.create(honestAuthorize));

        // Tenant A's user signs in to the attacker's server, which bounces the browser to the honest one with
        // the honest client and redirect URI, keeping A's state and PKCE challenge.
        hostile.post("/__config", JSON.writeValueAsString(Map.of("bounceTo", honest.field("authorizationEndpoint"),
                "clientId", honestParams.get("client_id"), "redirectUri", honestParams.get("redirect_uri"))));
        JsonNode attackFlow = startFlow("a", "alice", hostile.field("mcpUrl"), challengeOf(hostile.field("mcpUrl")));
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(attackFlow.get("authorizationUrl").asText());

        assertThat(journey.lastUrl().getPath()).as("the honest server answered through its own redirect URI")
                .isEqualTo(URI.create(honestParams.get("redirect_uri")).getPath());
        JsonNode failed = flow("a", attackFlow.get("id").asText());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("redirect_mismatch");
        JsonNode seen = JSON.readTree(hostile.get("/__seen"));
        assertThat(seen.get("tokenRequests").asInt()).as("no code or verifier reached the attacker").isZero();
    }

    @Test
    void credentialsMatchedByHostAreNeverHandedToTheAttackersServer() throws Exception {
        JsonNode flow = startFlow("a", "carol", hostile.field("mcpUrl"), challengeOf(hostile.field("mcpUrl")));

        assertThat(flow.get("status").asText()).isEqualTo("pending");
        String authorize = new HeadlessBrowser().open(flow.get("authorizationUrl").asText()).orElseThrow();
        assertThat(query(URI.create(authorize)).get("client_id")).as("a client registered at the attacker's server")
                .startsWith("hostile-client-");
        JsonNode seen = JSON.readTree(hostile.get("/__seen"));
        for (JsonNode count : seen.get("needles")) {
            assertThat(count.asInt()).as("the github app's and the profile's credentials").isZero();
        }
    }

    @Test
    void tenantAsForgedMetadataNeverDecidesTenantBsServer() throws Exception {
        // A names the honest server but the attacker's metadata, which claims the honest resource.
        JsonNode forged = startFlow("a", "dave", honest.field("mcpUrl"),
                "Bearer resource_metadata=\"" + hostile.field("forgedPrmUrl") + "\"");
        assertThat(forged.at("/server/issuer").asText()).isEqualTo(hostile.field("issuer"));

        JsonNode forB = startFlow("b", "erin", honest.field("mcpUrl"), challengeOf(honest.field("mcpUrl")));
        JsonNode forBWithoutChallenge = startFlow("b", "erin-2", honest.field("mcpUrl"), null);

        assertThat(forB.at("/server/issuer").asText()).isEqualTo(honest.field("issuer"));
        assertThat(forBWithoutChallenge.at("/server/issuer").asText()).isEqualTo(honest.field("issuer"));
        String timeline = flow("b", forB.get("id").asText()).get("timeline").toString();
        assertThat(timeline).doesNotContain(hostile.field("issuer")).doesNotContain("dave");
    }

    @Test
    void oneTenantCannotReadCancelOrUseAnothersFlowsAndConnections() throws Exception {
        JsonNode flow = startFlow("a", "frank", honest.field("mcpUrl"), challengeOf(honest.field("mcpUrl")));
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        String connectionId = flow("a", flow.get("id").asText()).get("connectionId").asText();
        String base = latchkey.jar().baseUrl();
        String keyB = latchkey.key("b");

        assertThat(Http.get(base + "/v1/flows/" + flow.get("id").asText(), keyB).statusCode()).isEqualTo(404);
        assertThat(Http.post(base + "/v1/flows/" + flow.get("id").asText() + "/cancel", keyB, "{}").statusCode())
                .isEqualTo(404);
        assertThat(Http.get(base + "/v1/connections/" + connectionId, keyB).statusCode()).isEqualTo(404);
        assertThat(Http.post(base + "/v1/connections/" + connectionId + "/token", keyB, "{}").statusCode())
                .isEqualTo(404);
        assertThat(Http.delete(base + "/v1/connections/" + connectionId, keyB).statusCode()).isEqualTo(404);
        assertThat(Http.get(base + "/v1/connections?subject=frank", keyB).body()).doesNotContain(connectionId);
        assertThat(Http.post(base + "/v1/connections/" + connectionId + "/token", latchkey.key("a"), "{}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aTenantOrBrowserOverItsLimitIsRefusedWhileOthersAreServed() throws Exception {
        String base = latchkey.jar().baseUrl();
        java.net.http.HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            var response = Http.get(base + "/v1/whoami", latchkey.key("c"));
            refused = response.statusCode() == 429 ? response : null;
        }
        assertThat(refused).as("tenant c's key is refused past its burst").isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("rate_limited");
        assertThat(Http.get(base + "/v1/whoami", latchkey.key("b")).statusCode()).as("tenant b meanwhile")
                .isEqualTo(200);

        java.net.http.HttpResponse<String> throttled = null;
        for (int i = 0; i < 200 && throttled == null; i++) {
            var response = browserGet(base + "/connect/unknown-link-" + i, "203.0.113.9");
            throttled = response.statusCode() == 429 ? response : null;
        }
        assertThat(throttled).as("one browser address is throttled").isNotNull();
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(browserGet(base + "/connect/unknown-link", "203.0.113.10").statusCode())
                .as("another address meanwhile").isEqualTo(404);
    }

    /** A request from a browser behind the trusted proxy (no packet goes to that address). */
    private static java.net.http.HttpResponse<String> browserGet(String url, String clientAddress) throws Exception {
        return Http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-For", clientAddress)
                .GET());
    }

    private static JsonNode startFlow(String tenant, String subject, String serverUrl, String challenge)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("serverUrl", serverUrl);
        if (challenge != null) {
            body.put("wwwAuthenticate", challenge);
        }
        var response = Http.post(latchkey.jar().baseUrl() + "/v1/flows", latchkey.key(tenant),
                JSON.writeValueAsString(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static JsonNode flow(String tenant, String id) throws Exception {
        return JSON.readTree(Http.get(latchkey.jar().baseUrl() + "/v1/flows/" + id, latchkey.key(tenant)).body());
    }

    private static String challengeOf(String mcpUrl) throws Exception {
        Optional<String> challenge = new McpHttpClient(URI.create(mcpUrl)).initialize(Optional.empty()).wwwAuthenticate();
        return challenge.orElseThrow();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
