package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against oidc-provider with 2-second access tokens and refresh-token rotation: a connection lives
 * through repeated expiries without the user, and a disconnect revokes at the authorization server.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RefreshRotationEndToEndTest {

    private static final int OIDC_PORT = freePort();
    private static final String CLIENT_ID = "latchkey-rotation";
    private static final String CLIENT_SECRET = "rotation-s3cret";
    private static final TestApp APP = TestApp.h2(TempDirs.create("rotation"))
            .with("connections.refreshSkew", "0s")
            .preRegistered("http://127.0.0.1:" + OIDC_PORT + "/tenant1", CLIENT_ID, CLIENT_SECRET,
                    "client_secret_basic");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    private static NodePeer oidc;
    private static LifecycleApi api;
    private static Jdbi db;
    private static TokenVault vault;

    @BeforeAll
    static void start() {
        oidc = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OIDC_PORT), "--access-ttl", "2",
                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                "--redirect-uri", APP.baseUrl() + "/oauth/callback");
        api = new LifecycleApi(APP.baseUrl(), TestKeys.create(EXT.getConfiguration(), "acme"));
        db = TestKeys.jdbi(EXT.getConfiguration());
        vault = new TokenVault(new Sealer(EXT.getConfiguration().getKeyring().build(Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    void oneConnectionSurvivesFiveExpiriesEachRefreshRotatingTheRefreshToken() throws Exception {
        String id = api.authorize(oidc.field("mcpUrl"), "rita");
        McpHttpClient mcp = new McpHttpClient(URI.create(oidc.field("mcpUrl")));
        TokenSet current = stored(id);
        assertToolCallWorks(mcp, api.accessToken(id));
        oidc.post("/__log/reset", "{}");

        for (int expiry = 1; expiry <= 5; expiry++) {
            api.awaitExpiry(id);
            assertThat(mcp.initialize(Optional.of(current.accessToken())).status())
                    .as("expiry %d: the MCP server rejects the expired token", expiry).isEqualTo(401);

            String fresh = api.accessToken(id);
            assertThat(fresh).isNotEqualTo(current.accessToken());
            assertToolCallWorks(mcp, fresh);
            TokenSet next = stored(id);
            assertThat(next.accessToken()).isEqualTo(fresh);
            assertThat(next.refreshToken()).isPresent().isNotEqualTo(current.refreshToken());
            assertThat(introspect(current.refreshToken().orElseThrow()).get("active").asBoolean())
                    .as("expiry %d: the rotated-out refresh token is dead", expiry).isFalse();
            assertThat(introspect(next.refreshToken().orElseThrow()).get("active").asBoolean()).isTrue();
            current = next;
        }

        assertThat(tokenCalls("refresh_token")).isEqualTo(5);
        assertThat(tokenCalls("authorization_code")).as("never the user again").isZero();
        JsonNode connection = api.connection(id);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        assertThat(connection.get("refreshFailures").asInt()).isZero();
    }

    @Test
    void disconnectRevokesTheGrantUpstreamAndRecordsWhatCouldNotBeRevoked() {
        String id = api.authorize(oidc.field("mcpUrl"), "sam");
        TokenSet tokens = stored(id);
        assertThat(introspect(tokens.refreshToken().orElseThrow()).get("active").asBoolean()).isTrue();

        HttpResponse<String> response = api.disconnect(id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode disconnected = LifecycleApi.json(response);
        assertThat(disconnected.get("status").asText()).isEqualTo("revoked");
        // oidc-provider cannot revoke its JWT access tokens; the record says so instead of claiming success.
        assertThat(disconnected.get("lastError").asText())
                .startsWith("disconnected; partly revoked at the authorization server")
                .contains("refresh token revoked")
                .contains("access token cannot be revoked by this server (unsupported_token_type)");
        assertThat(introspect(tokens.refreshToken().orElseThrow()).get("active").asBoolean()).isFalse();

        HttpResponse<String> later = api.token(id);
        assertThat(later.statusCode()).isEqualTo(409);
        assertThat(LifecycleApi.json(later).get("code").asText()).isEqualTo("reauthorization_required");
        Optional<String> sealed = db.withHandle(h -> h.createQuery(
                "SELECT tokens_sealed FROM connections WHERE id = :id").bind("id", id).mapTo(String.class).findOne());
        assertThat(sealed).as("local token material destroyed").isEmpty();
        List<String> types = db.withHandle(h -> h.createQuery("SELECT type FROM events WHERE connection_id = :id")
                .bind("id", id).mapTo(String.class).list());
        assertThat(types).contains("connection_revoked");
    }

    private TokenSet stored(String connectionId) {
        Connection connection = db.withExtension(ConnectionDao.class, dao -> dao.find(connectionId)).orElseThrow();
        return vault.open(connection.tokensSealed().orElseThrow(), connection.tokenAad());
    }

    private static JsonNode introspect(String token) {
        return LifecycleApi.json(oidc.request("POST", "/__introspect",
                LifecycleApi.JSON.createObjectNode().put("token", token).toString()));
    }

    private static long tokenCalls(String grantType) throws Exception {
        JsonNode log = LifecycleApi.JSON.readTree(oidc.get("/__log"));
        long count = 0;
        for (JsonNode entry : log) {
            if (entry.path("path").asText().endsWith("/token") && grantType.equals(entry.path("grant_type").asText())) {
                count++;
            }
        }
        return count;
    }

    private static void assertToolCallWorks(McpHttpClient mcp, String token) throws Exception {
        McpHttpClient.Reply reply = mcp.callTool("echo", LifecycleApi.JSON.createObjectNode().put("text", "still here"),
                Optional.of(token));
        assertThat(reply.ok()).as("status %d", reply.status()).isTrue();
        assertThat(reply.message().orElseThrow().toString()).contains("still here");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
