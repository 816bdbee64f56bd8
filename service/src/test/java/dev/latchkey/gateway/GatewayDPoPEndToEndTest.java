package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringFactory;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.GatewayTenant;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.StderrCapture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) end to end: oidc-provider with its DPoP feature on, demanding its nonce at the token
 * endpoint, and an MCP server that checks every call with oauth4webapi (the JWT access token's
 * {@code cnf.jkt}, the proof's {@code htm}, {@code htu}, {@code ath}), refuses replayed proofs and demands
 * a nonce of its own. Through the gateway the user's calls work — across refreshes, the tokens staying
 * bound to Latchkey's key — while the same token without a proof, or with a replayed one, is refused; the
 * REST token endpoints refuse to hand out a bound token.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayDPoPEndToEndTest {

    static {
        StderrCapture.install();
    }

    private static final long RELOAD_MILLIS = 300;
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-dpop"))
            .with("events.webhooks.deliver", "false").with("keyring.reloadInterval", RELOAD_MILLIS + "ms");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCESS_TTL_SECONDS = 2;
    private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}}";

    private static NodePeer upstream;
    private static GatewayTenant tenant;

    @BeforeAll
    static void start() {
        upstream = Peers.start("oidc-peer.mjs", "--dpop", "--dpop-nonce", "--dpop-rs-nonce", "--json-response",
                "--access-ttl", String.valueOf(ACCESS_TTL_SECONDS));
        tenant = GatewayTenant.register(TEST_APP, APP.getConfiguration(), "acme-dpop", upstream.field("mcpUrl"),
                "OIDC peer with DPoP");
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void callsThroughTheGatewayCarryProofsOfLatchkeysKeyAndTheTokenIsUselessWithoutThem() throws Exception {
        String jkt = DPoPKey.of(APP.getConfiguration().getKeyring().loadOrCreate(Clock.systemUTC())
                .active(KeyUse.DPOP)).thumbprint();
        String gatewayToken = tenant.mint("dana");

        // Before the user has authorized: the link; the code exchange needs the server's nonce (one retry).
        JsonNode first = JSON.readTree(callGateway(gatewayToken, 1).body());
        assertThat(first.at("/error/code").asInt()).as(first.toString()).isEqualTo(-32001);
        assertThat(new HeadlessBrowser().follow(first.at("/error/data/authorizationUrl").asText()).body())
                .contains("Connected");

        // Through the gateway: accepted, after one use_dpop_nonce refusal from the MCP server.
        HttpResponse<String> served = callGateway(gatewayToken, 2);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("hello");
        List<JsonNode> seen = seenByUpstream();
        assertThat(seen).extracting(e -> e.path("reason").asText()).contains("use_dpop_nonce");
        JsonNode accepted = lastAccepted(seen);
        assertThat(accepted.get("scheme").asText()).isEqualTo("DPoP");
        assertThat(accepted.get("jkt").asText()).isEqualTo(jkt);
        assertThat(accepted.get("cnfJkt").asText()).isEqualTo(jkt);
        assertThat(accepted.get("htm").asText()).isEqualTo("POST");
        assertThat(accepted.get("htu").asText()).isEqualTo(upstream.field("mcpUrl"));
        assertThat(accepted.get("ath").asText()).isNotEmpty();

        // The token as the authorization server issued it: bound to Latchkey's key.
        JsonNode introspected = JSON.readTree(upstream.post("/__introspect",
                JSON.createObjectNode().put("token", accepted.get("token").asText()).toString()));
        assertThat(introspected.get("active").asBoolean()).as(introspected.toString()).isTrue();
        assertThat(introspected.at("/cnf/jkt").asText()).isEqualTo(jkt);

        // The same token without a proof, or with the proof already used, is refused by the MCP server.
        String token = accepted.get("token").asText();
        assertThat(callUpstream(Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(401);
        assertThat(callUpstream(Map.of("Authorization", "DPoP " + token)).statusCode()).isEqualTo(401);
        assertThat(callUpstream(Map.of("Authorization", "DPoP " + token, "DPoP", accepted.get("proof").asText()))
                .statusCode()).isEqualTo(401);
        assertThat(seenByUpstream().get(seenByUpstream().size() - 1).get("reason").asText())
                .isEqualTo("invalid_dpop_proof");

        // Access tokens expire within seconds: refreshed with the same key, the new token is bound again.
        Thread.sleep((ACCESS_TTL_SECONDS + 1) * 1000L);
        HttpResponse<String> later = callGateway(gatewayToken, 3);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        JsonNode refreshed = lastAccepted(seenByUpstream());
        assertThat(refreshed.get("token").asText()).isNotEqualTo(token);
        assertThat(refreshed.get("cnfJkt").asText()).isEqualTo(jkt);

        // A session's initialize goes upstream at once, with a proof of its own.
        int before = seenByUpstream().size();
        HttpResponse<String> initialized = Http.send(HttpRequest.newBuilder(URI.create(tenant.gatewayUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"dpop-test\",\"version\":\"1\"}}}"))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + gatewayToken));
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        assertThat(initialized.body()).contains("oidc-peer");
        assertThat(initialized.headers().firstValue("Mcp-Session-Id")).hasValueSatisfying(id -> assertThat(id)
                .startsWith("mcs_"));
        List<JsonNode> sinceInitialize = seenByUpstream().subList(before, seenByUpstream().size());
        assertThat(sinceInitialize).isNotEmpty().allSatisfy(e -> assertThat(e.get("scheme").asText()).isEqualTo("DPoP"));
        assertThat(sinceInitialize.get(sinceInitialize.size() - 1).get("accepted").asBoolean()).isTrue();

        // The API shows the binding and refuses to hand the bound token out.
        ApiClient api = tenant.api();
        JsonNode connection = api.get(tenant.key(), "/v1/connections?subject=dana").body().at("/items/0");
        assertThat(connection.get("dpopJkt").asText()).isEqualTo(jkt);
        ApiClient.Reply byId = api.post(tenant.key(), "/v1/connections/" + connection.get("id").asText() + "/token", "");
        assertThat(byId.status()).isEqualTo(409);
        assertThat(byId.body().get("code").asText()).isEqualTo("dpop_bound");
        ApiClient.Reply shortcut = api.post(tenant.key(), "/v1/token", JSON.createObjectNode()
                .put("serverUrl", upstream.field("mcpUrl")).put("subject", "dana").toString());
        assertThat(shortcut.status()).isEqualTo(409);
        assertThat(shortcut.body().get("code").asText()).isEqualTo("dpop_bound");
        assertThat(shortcut.body().toString()).doesNotContain(token);

        // Tokens and proofs are never logged.
        String logs = StderrCapture.text();
        for (JsonNode presented : seenByUpstream()) {
            if (presented.path("token").asText().length() > 20) {
                assertThat(logs).doesNotContain(presented.get("token").asText());
            }
            if (presented.path("proof").asText().length() > 20) {
                assertThat(logs).doesNotContain(presented.get("proof").asText());
            }
        }
    }

    @Test
    void aRotatedDPoPKeyServesItsConnectionsUntilRetiredThenTheUserAuthorizesAgainWithTheNewKey() throws Exception {
        KeyringFactory keyrings = APP.getConfiguration().getKeyring();
        String gatewayToken = tenant.mint("eli");
        JsonNode first = JSON.readTree(callGateway(gatewayToken, 1).body());
        new HeadlessBrowser().follow(first.at("/error/data/authorizationUrl").asText());
        Keyring before = keyrings.loadOrCreate(Clock.systemUTC());
        String oldJkt = connectionOf("eli").get("dpopJkt").asText();

        // Rotated: the connection keeps its key (and its refreshes with it).
        Keyring rotated = before.rotate(KeyUse.DPOP, Clock.systemUTC());
        keyrings.save(rotated);
        Thread.sleep(RELOAD_MILLIS * 3 + (ACCESS_TTL_SECONDS + 1) * 1000L);
        assertThat(callGateway(gatewayToken, 2).statusCode()).isEqualTo(200);
        assertThat(lastAccepted(seenByUpstream()).get("jkt").asText()).isEqualTo(oldJkt);
        assertThat(connectionOf("eli").get("dpopJkt").asText()).isEqualTo(oldJkt);

        // Retired: the connection is over; the user authorizes again and the new key is bound.
        String oldKid = before.keys().stream().filter(k -> k.use() == KeyUse.DPOP).findFirst().orElseThrow().kid();
        keyrings.save(rotated.retire(oldKid, Clock.systemUTC()));
        Thread.sleep(RELOAD_MILLIS * 3);
        JsonNode again = JSON.readTree(callGateway(gatewayToken, 3).body());
        assertThat(again.at("/error/code").asInt()).as(again.toString()).isEqualTo(-32001);
        assertThat(new HeadlessBrowser().follow(again.at("/error/data/authorizationUrl").asText()).body())
                .contains("Connected");
        assertThat(callGateway(gatewayToken, 4).statusCode()).isEqualTo(200);
        String newJkt = DPoPKey.of(rotated.active(KeyUse.DPOP)).thumbprint();
        assertThat(lastAccepted(seenByUpstream()).get("cnfJkt").asText()).isEqualTo(newJkt);
        assertThat(connectionOf("eli").get("dpopJkt").asText()).isEqualTo(newJkt);
    }

    private static JsonNode connectionOf(String subject) {
        return tenant.api().get(tenant.key(), "/v1/connections?subject=" + subject).body().at("/items/0");
    }

    private static HttpResponse<String> callGateway(String gatewayToken, int id) {
        return Http.send(HttpRequest.newBuilder(URI.create(tenant.gatewayUrl()))
                .POST(HttpRequest.BodyPublishers.ofString(ECHO.formatted(id)))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + gatewayToken));
    }

    private static HttpResponse<String> callUpstream(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.field("mcpUrl")))
                .POST(HttpRequest.BodyPublishers.ofString(ECHO.formatted(9)))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return Http.send(request);
    }

    private static List<JsonNode> seenByUpstream() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(upstream.get("/__mcp-dpop")).forEach(entries::add);
        return entries;
    }

    private static JsonNode lastAccepted(List<JsonNode> seen) {
        return seen.stream().filter(e -> e.path("accepted").asBoolean()).reduce((a, b) -> b).orElseThrow();
    }
}
