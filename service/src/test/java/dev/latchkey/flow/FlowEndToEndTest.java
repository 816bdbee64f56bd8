package dev.latchkey.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product against real peers: a 401 from an MCP server → POST /v1/flows → the user's
 * (headless) browser → callback → connection → token → the MCP server accepts it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FlowEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp APP = TestApp.h2(TempDirs.create("e2e"));
    private static NodePeer sdkPeer;
    private static NodePeer oidcPeer;
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT;

    static {
        // The oidc-provider peer knows Latchkey as a pre-registered confidential client.
        APP.preRegistered("http://127.0.0.1:" + OidcPort.PORT + "/tenant1", "latchkey-e2e", "s3cret+with/odd=chars",
                "client_secret_basic");
        EXT = APP.extension();
    }

    private static String apiKey;

    @BeforeAll
    static void start() {
        apiKey = TestKeys.create(EXT.getConfiguration(), "acme");
        sdkPeer = Peers.start("mcp-sdk-peer.mjs");
        oidcPeer = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OidcPort.PORT),
                "--client-id", "latchkey-e2e", "--client-secret", "s3cret+with/odd=chars",
                "--redirect-uri", APP.baseUrl() + "/oauth/callback");
    }

    @AfterAll
    static void stop() {
        if (sdkPeer != null) {
            sdkPeer.close();
        }
        if (oidcPeer != null) {
            oidcPeer.close();
        }
    }

    @Test
    void mcpSdkServerWithDynamicRegistration() throws Exception {
        String connectionId = authorizeHeadlessly(sdkPeer, "alice", "/oauth/callback/[a-z2-7]{20}");
        String token = accessToken(connectionId);
        assertToolCallWorks(sdkPeer, token);

        sdkPeer.post("/__log/reset", "{}");
        JsonNode second = startFlow(sdkPeer, "alice-2");
        assertThat(second.get("status").asText()).isEqualTo("pending");
        assertThat(JSON.readTree(sdkPeer.get("/__log"))).as("a warm flow makes no outbound request").isEmpty();
    }

    @Test
    void oidcProviderWithPathIssuerPreRegisteredClientAndIss() throws Exception {
        // Registered out of band with the shared redirect URI; a registered client has one of its own.
        String connectionId = authorizeHeadlessly(oidcPeer, "bob", "/oauth/callback");
        JsonNode connection = JSON.readTree(Http.get(APP.baseUrl() + "/v1/connections/" + connectionId, apiKey).body());
        assertThat(connection.at("/server/issuer").asText()).endsWith("/tenant1");
        assertThat(connection.get("refreshable").asBoolean()).isTrue();
        assertToolCallWorks(oidcPeer, accessToken(connectionId));
    }

    private String authorizeHeadlessly(NodePeer peer, String subject, String callbackPath) throws Exception {
        McpHttpClient mcp = new McpHttpClient(URI.create(peer.field("mcpUrl")));
        McpHttpClient.Reply unauthorized = mcp.initialize(Optional.empty());
        assertThat(unauthorized.status()).isEqualTo(401);

        JsonNode flow = startFlow(peer, subject, unauthorized.wwwAuthenticate().orElseThrow());
        Map<String, Object> stored = AppDatabase.jdbi(EXT.getConfiguration()).withHandle(h -> h.createQuery(
                "SELECT authorize_base_url, authorize_url_sealed FROM flows WHERE id = :id")
                .bind("id", flow.get("id").asText()).mapToMap().one());
        assertThat((String) stored.get("authorize_base_url")).as("no state or PKCE until the link is opened")
                .contains("client_id=").doesNotContain("state=").doesNotContain("code_challenge");
        assertThat(stored.get("authorize_url_sealed")).isNull();
        assertThat(flow.get("notice").asText()).startsWith("<message-context>\n")
                .contains("EventType: assistant_mcp_auth_required\n")
                .contains("AuthURL: " + flow.get("authorizationUrl").asText() + "\n");

        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.lastUrl().getPath()).matches(callbackPath);
        assertThat(journey.body()).contains("Connected");
        assertThat(journey.status()).isEqualTo(200);

        JsonNode done = JSON.readTree(Http.get(APP.baseUrl() + "/v1/flows/" + flow.get("id").asText(), apiKey).body());
        assertThat(done.get("status").asText()).isEqualTo("authorized");
        assertThat(done.get("timeline").findValuesAsText("step")).contains("discovery", "registration", "redirect",
                "callback", "token_exchange");
        assertThat(done.toString()).doesNotContain("code=").doesNotContain("state=");
        return done.get("connectionId").asText();
    }

    private JsonNode startFlow(NodePeer peer, String subject) throws Exception {
        return startFlow(peer, subject, null);
    }

    private JsonNode startFlow(NodePeer peer, String subject, String challenge) throws Exception {
        String body = JSON.createObjectNode().put("serverUrl", peer.field("mcpUrl")).put("subject", subject)
                .put("wwwAuthenticate", challenge).toString();
        var response = Http.post(APP.baseUrl() + "/v1/flows", apiKey, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private String accessToken(String connectionId) throws Exception {
        var response = Http.post(APP.baseUrl() + "/v1/connections/" + connectionId + "/token", apiKey, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode token = JSON.readTree(response.body());
        assertThat(token.get("tokenType").asText()).isEqualTo("Bearer");
        return token.get("accessToken").asText();
    }

    private static void assertToolCallWorks(NodePeer peer, String token) throws Exception {
        McpHttpClient mcp = new McpHttpClient(URI.create(peer.field("mcpUrl")));
        assertThat(mcp.initialize(Optional.of(token)).ok()).isTrue();
        assertThat(mcp.listTools(Optional.of(token)).ok()).isTrue();
        McpHttpClient.Reply reply = mcp.callTool("echo", JSON.createObjectNode().put("text", "hello latchkey"),
                Optional.of(token));
        assertThat(reply.ok()).isTrue();
        assertThat(reply.message().orElseThrow().toString()).contains("hello latchkey");
    }

    /** The oidc peer's port must be known before the app's configuration is built. */
    static final class OidcPort {
        static final int PORT = freePort();

        private static int freePort() {
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
