package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.testing.ConfigOverridesReset;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.PrometheusText;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Latchkey instances on one PostgreSQL, 200 concurrent token requests for one expired token:
 * exactly one refresh reaches oidc-provider (which would revoke the whole grant on a second use of
 * the rotated refresh token), and every caller gets the same new token.
 */
@ExtendWith({ConfigOverridesReset.class, DropwizardExtensionsSupport.class})
class RefreshSingleFlightPostgresTest {

    private static final int CALLERS = 200;
    private static final int OIDC_PORT = freePort();
    private static final String ISSUER = "http://127.0.0.1:" + OIDC_PORT + "/tenant1";
    private static final String DATABASE = TestDatabases.freshPostgresUrl();
    // One folder, so both instances share the keyring (tokens sealed by one open on the other).
    private static final Path DIR = TempDirs.create("single-flight");
    private static final TestApp APP_A = instance();
    private static final TestApp APP_B = instance();
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT_A = APP_A.extension();
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT_B = APP_B.extension();

    private static NodePeer oidc;

    private static TestApp instance() {
        // One key sends 100 requests at once to each instance, exactly the default burst: no rate limit here.
        return TestApp.on(TestDatabases.Kind.POSTGRES, DATABASE, DIR).with("connections.refreshSkew", "0s")
                .with("limits.api.ratePerSecond", "0")
                .preRegistered(ISSUER, "latchkey-pg", "pg-s3cret", "client_secret_basic");
    }

    @BeforeAll
    static void start() {
        oidc = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OIDC_PORT), "--access-ttl", "10",
                "--client-id", "latchkey-pg", "--client-secret", "pg-s3cret",
                "--redirect-uri", APP_A.baseUrl() + "/oauth/callback",
                "--redirect-uri", APP_B.baseUrl() + "/oauth/callback");
    }

    @AfterAll
    static void stop() {
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    void twoHundredConcurrentRequestsOnTwoInstancesCauseExactlyOneRefresh() throws Exception {
        String apiKey = TestKeys.create(EXT_A.getConfiguration(), "acme");
        LifecycleApi a = new LifecycleApi(APP_A.baseUrl(), apiKey);
        LifecycleApi b = new LifecycleApi(APP_B.baseUrl(), apiKey);
        String id = a.authorize(oidc.field("mcpUrl"), "pat");
        String expired = b.accessToken(id);
        a.awaitExpiry(id);
        oidc.post("/__log/reset", "{}");
        List<PrometheusText> before = List.of(scrape(EXT_A), scrape(EXT_B));

        List<HttpResponse<String>> responses = concurrently(id, a, b);

        Set<String> tokens = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            tokens.add(LifecycleApi.json(response).get("accessToken").asText());
        }
        assertThat(tokens).as("all callers get the same new token").hasSize(1).doesNotContain(expired);
        assertThat(refreshCalls()).as("refreshes at the authorization server").isEqualTo(1);
        List<PrometheusText> after = List.of(scrape(EXT_A), scrape(EXT_B));
        assertThat(moved(before, after, "latchkey_token_refreshes_total{outcome=\"success\"}")).isEqualTo(1.0);
        assertThat(moved(before, after, "latchkey_token_fetches_total{outcome=\"refreshed\"}")
                + moved(before, after, "latchkey_token_fetches_total{outcome=\"fresh\"}")).isEqualTo(CALLERS);
        assertThat(moved(before, after, "latchkey_refresh_single_flight_waits_total{where=\"in_process\"}"))
                .as("callers that joined a refresh under way in their process").isPositive();
        assertThat(moved(before, after, "latchkey_refresh_single_flight_waits_total{where=\"lease\"}"))
                .as("the other instance waited on the lease").isPositive();
        JsonNode connection = b.connection(id);
        assertThat(connection.get("status").asText()).isEqualTo("active");
        McpHttpClient mcp = new McpHttpClient(URI.create(oidc.field("mcpUrl")));
        assertThat(mcp.initialize(Optional.of(tokens.iterator().next())).ok()).isTrue();
    }

    private static PrometheusText scrape(DropwizardAppExtension<LatchkeyConfiguration> instance) {
        return PrometheusText.scrape("http://127.0.0.1:" + instance.getAdminPort() + "/metrics/prometheus");
    }

    /** How much a series moved, summed over both instances. */
    private static double moved(List<PrometheusText> before, List<PrometheusText> after, String series) {
        return after.get(0).since(before.get(0), series) + after.get(1).since(before.get(1), series);
    }

    /** Half the callers on each instance, all released at once. */
    private static List<HttpResponse<String>> concurrently(String id, LifecycleApi a, LifecycleApi b)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                LifecycleApi instance = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return instance.token(id);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(90, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long refreshCalls() throws Exception {
        long count = 0;
        for (JsonNode entry : LifecycleApi.JSON.readTree(oidc.get("/__log"))) {
            if (entry.path("path").asText().endsWith("/token")
                    && "refresh_token".equals(entry.path("grant_type").asText())) {
                count++;
            }
        }
        return count;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
