package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.console.ConsoleHttp;
import dev.latchkey.console.Operators;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.GatewayTenant;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-credentials connections against oidc-provider (its clientCredentials feature, JWT access
 * tokens for the MCP resource): a machine client gets a token with client_secret_basic and with
 * private_key_jwt, the next request is served from the stored token, an expired token is renewed by one
 * grant however many requests arrive at once, the token works at the peer's MCP server (which verifies
 * it) directly and through the gateway, the console lists the connections without a secret (in this
 * order: the console test reads what the first two made), and a refused client gets a problem.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCredentialsEndToEndTest {

    private static final int OIDC_PORT = freePort();
    private static final String MCP_URL = "http://127.0.0.1:" + OIDC_PORT + "/mcp";
    private static final String TENANT = "acme-m2m";
    private static final String BASIC_ID = "m2m-basic";
    private static final String BASIC_SECRET = "m2m-basic-s3cret-value";
    private static final String JWT_ID = "m2m-jwt";
    private static final String UNKNOWN_ID = "m2m-unknown-here";
    private static final String UNKNOWN_SECRET = "never-registered-s3cret";
    private static final ECKey KEY = generateKey();
    private static final TestApp APP = TestApp.h2(TempDirs.create("client-credentials"))
            .with("connections.refreshSkew", "1s")
            .with("events.webhooks.deliver", "false")
            .clientCredentials(TENANT, MCP_URL, BASIC_ID, "client_secret_basic", BASIC_SECRET, "mcp:tools")
            .clientCredentials(TENANT, MCP_URL, JWT_ID, "private_key_jwt", KEY.toJSONString(), "mcp:tools")
            .clientCredentials(TENANT, MCP_URL, UNKNOWN_ID, "client_secret_basic", UNKNOWN_SECRET, "mcp:tools");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    private static NodePeer oidc;
    private static GatewayTenant tenant;

    @BeforeAll
    static void start() {
        oidc = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OIDC_PORT), "--access-ttl", "3",
                "--cc-client-id", BASIC_ID, "--cc-client-secret", BASIC_SECRET,
                "--cc-jwt-client-id", JWT_ID, "--cc-jwk", KEY.toPublicJWK().toJSONString());
        tenant = GatewayTenant.register(APP, EXT.getConfiguration(), TENANT, oidc.field("mcpUrl"), "OIDC peer");
    }

    @AfterAll
    static void stop() {
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    @Order(1)
    void clientSecretBasicTokenIsCachedThenRenewedOnceUnderConcurrency() throws Exception {
        oidc.post("/__log/reset", "{}");
        JsonNode first = token("client:" + BASIC_ID);
        assertToolCallWorks(first.get("accessToken").asText());
        assertThat(token("client:" + BASIC_ID).get("accessToken").asText()).as("served from the stored token")
                .isEqualTo(first.get("accessToken").asText());
        assertThat(grants()).hasSize(1);
        assertThat(grants().get(0).path("body").toString()).contains("resource", "scope")
                .doesNotContain("client_assertion", "refresh_token");

        JsonNode connection = connectionOf("client:" + BASIC_ID);
        assertThat(connection.get("kind").asText()).isEqualTo("client_credentials");
        assertThat(connection.get("status").asText()).isEqualTo("active");

        awaitExpiry(first);
        List<String> renewed = concurrently(16, () -> token("client:" + BASIC_ID).get("accessToken").asText());
        assertThat(new HashSet<>(renewed)).as("every request got the one renewed token").hasSize(1)
                .doesNotContain(first.get("accessToken").asText());
        assertThat(grants()).as("one client_credentials request for 16 concurrent token requests").hasSize(2);
        assertToolCallWorks(renewed.get(0));
    }

    @Test
    @Order(2)
    void privateKeyJwtTokenWorksDirectlyAndThroughTheGateway() throws Exception {
        oidc.post("/__log/reset", "{}");
        JsonNode first = token("client:" + JWT_ID);
        assertToolCallWorks(first.get("accessToken").asText());
        List<JsonNode> grants = grants();
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).path("body").toString()).contains("client_assertion", "client_assertion_type");

        String gatewayToken = tenant.mint("client:" + JWT_ID);
        McpHttpClient.Reply reply = new McpHttpClient(URI.create(tenant.gatewayUrl())).callTool("echo",
                LifecycleApi.JSON.createObjectNode().put("text", "machine"), Optional.of(gatewayToken));
        assertThat(reply.ok()).as("status %d %s", reply.status(), reply.message()).isTrue();
        assertThat(reply.message().orElseThrow().toString()).contains("machine");
        assertThat(grants()).as("the gateway used the stored token").hasSize(1);
    }

    @Test
    @Order(3)
    void theConsoleListsTheConnectionByKindClientAndMethodNeverTheSecret() {
        new Operators(List.of(), TestKeys.jdbi(EXT.getConfiguration()), Clock.systemUTC())
                .add("ops", "console password 1".toCharArray());
        ConsoleHttp console = new ConsoleHttp(APP.baseUrl());
        assertThat(console.signIn("ops", "console password 1").statusCode()).isEqualTo(303);

        String page = console.get("/console/connections?tenant=" + TENANT).body();
        assertThat(page).contains("client credentials", "client:" + BASIC_ID, "client_secret_basic",
                "client:" + JWT_ID, "private_key_jwt");
        assertThat(page).doesNotContain(BASIC_SECRET, KEY.getD().toString());
    }

    @Test
    @Order(4)
    void aRefusedClientGetsAProblemNeverAConnectionOrAUserFlow() {
        ApiClient.Reply reply = tenant.api().post(tenant.key(), "/v1/token", LifecycleApi.JSON.createObjectNode()
                .put("subject", "client:" + UNKNOWN_ID).put("serverUrl", MCP_URL).toString());

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body().get("code").asText()).isEqualTo("client_credentials_rejected");
        assertThat(reply.body().get("detail").asText()).contains(UNKNOWN_ID, "invalid_client")
                .doesNotContain(UNKNOWN_SECRET);
        assertThat(tenant.api().get(tenant.key(), "/v1/connections?subject=client:" + UNKNOWN_ID).body().get("items"))
                .isEmpty();
        assertThat(tenant.api().get(tenant.key(), "/v1/flows?subject=client:" + UNKNOWN_ID).body().get("items"))
                .isEmpty();
    }

    private static JsonNode token(String subject) {
        ApiClient.Reply reply = tenant.api().post(tenant.key(), "/v1/token", LifecycleApi.JSON.createObjectNode()
                .put("subject", subject).put("serverUrl", MCP_URL).toString());
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply.body();
    }

    private static JsonNode connectionOf(String subject) {
        ApiClient.Reply reply = tenant.api().get(tenant.key(), "/v1/connections?subject=" + subject);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body().get("items").get(0);
    }

    private static void awaitExpiry(JsonNode token) throws InterruptedException {
        Instant expiresAt = Instant.parse(token.get("expiresAt").asText());
        while (Instant.now().isBefore(expiresAt.plusMillis(200))) {
            Thread.sleep(100);
        }
    }

    private static <T> List<T> concurrently(int n, java.util.function.Supplier<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, pool));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (CompletableFuture<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JsonNode> grants() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : LifecycleApi.JSON.readTree(oidc.get("/__log"))) {
            if (entry.path("path").asText().endsWith("/token")
                    && "client_credentials".equals(entry.path("grant_type").asText())) {
                out.add(entry);
            }
        }
        return out;
    }

    private static void assertToolCallWorks(String accessToken) throws Exception {
        McpHttpClient.Reply reply = new McpHttpClient(URI.create(MCP_URL)).callTool("echo",
                LifecycleApi.JSON.createObjectNode().put("text", "machine"), Optional.of(accessToken));
        assertThat(reply.ok()).as("status %d", reply.status()).isTrue();
        assertThat(reply.message().orElseThrow().toString()).contains("machine");
    }

    private static ECKey generateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("m2m-key-1").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
