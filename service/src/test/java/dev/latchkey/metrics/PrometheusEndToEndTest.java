package dev.latchkey.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.PrometheusText;
import dev.latchkey.testing.Promtool;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testing.WebhookReceiver;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrape endpoint on the admin port after what an operator would want to see counted: a flow
 * that fails at its start, a real flow through oidc-provider and the user's browser, a token handed
 * out as stored, one refreshed, one whose refresh fails (the authorization server is gone), a
 * webhook whose receiver (the Standard Webhooks peer) answers 410, and a flow cancelled — each
 * counter moves by exactly that much, and Prometheus's own promtool reads the scrape.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusEndToEndTest {

    private static final int OIDC_PORT = freePort();
    private static final String CLIENT_ID = "latchkey-metrics";
    private static final String CLIENT_SECRET = "metrics-s3cret";
    private static final int ACCESS_TTL_SECONDS = 4;
    private static final TestApp APP = TestApp.h2(TempDirs.create("metrics"))
            .with("connections.refreshSkew", "0s")
            .with("events.webhooks.pollInterval", "100ms")
            .preRegistered("http://127.0.0.1:" + OIDC_PORT + "/tenant1", CLIENT_ID, CLIENT_SECRET,
                    "client_secret_basic");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void countersMoveByWhatHappenedAndPromtoolReadsTheScrape() throws Exception {
        Promtool promtool = Promtool.require();
        String key = TestKeys.create(EXT.getConfiguration(), "acme");
        PrometheusText before = scrape();

        int receiverPort = WebhookReceiver.freePort();
        JsonNode hook = Http.json(Http.post(APP.baseUrl() + "/v1/webhooks", key,
                "{\"url\":\"http://127.0.0.1:" + receiverPort + "/webhook\","
                        + "\"eventTypes\":[\"assistant_mcp_auth_required\"]}"));
        try (WebhookReceiver receiver = WebhookReceiver.start(receiverPort, hook.get("secret").asText(),
                "--status-code", "410");
             NodePeer oidc = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OIDC_PORT), "--access-ttl",
                     String.valueOf(ACCESS_TTL_SECONDS), "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                     "--redirect-uri", APP.baseUrl() + "/oauth/callback")) {
            String failedCode = startFlowThatFails(key);

            JsonNode flow = Http.json(Http.post(APP.baseUrl() + "/v1/flows", key,
                    "{\"serverUrl\":\"" + oidc.field("mcpUrl") + "\",\"subject\":\"mia\"}"));
            // The flow's event goes to the receiver, which answers 410: the delivery is dead, the webhook disabled.
            Await.until(Duration.ofSeconds(20),
                    () -> scrape().since(before, "latchkey_webhook_deliveries_dead_total") >= 1, () -> "no dead delivery");
            JsonNode cancelled = Http.json(Http.post(APP.baseUrl() + "/v1/flows", key,
                    "{\"serverUrl\":\"" + oidc.field("mcpUrl") + "\",\"subject\":\"noah\"}"));
            assertThat(Http.post(APP.baseUrl() + "/v1/flows/" + cancelled.get("id").asText() + "/cancel", key, "")
                    .statusCode()).isEqualTo(200);
            HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
            assertThat(journey.status()).as(journey.body()).isEqualTo(200);
            String connection = Http.json(Http.get(APP.baseUrl() + "/v1/flows/" + flow.get("id").asText(), key))
                    .get("connectionId").asText();

            assertThat(token(key, connection).statusCode()).isEqualTo(200);
            Thread.sleep(Duration.ofSeconds(ACCESS_TTL_SECONDS).plusMillis(200).toMillis());
            assertThat(token(key, connection).statusCode()).isEqualTo(200);
            oidc.close();
            Thread.sleep(Duration.ofSeconds(ACCESS_TTL_SECONDS).plusMillis(200).toMillis());
            HttpResponse<String> failed = token(key, connection);
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
            PrometheusText after = scrape();

            assertThat(List.of(
                    after.since(before, "latchkey_flows_started_total"),
                    after.since(before, "latchkey_flows_authorized_total"),
                    after.since(before, "latchkey_flows_abandoned_total{status=\"cancelled\"}"),
                    after.since(before, "latchkey_flows_failed_total{code=\"" + failedCode + "\"}"),
                    after.since(before, "latchkey_flow_start_duration_seconds_count{outcome=\"started\"}"),
                    after.since(before, "latchkey_flow_start_duration_seconds_count{outcome=\"failed\"}"),
                    after.since(before, "latchkey_token_fetches_total{outcome=\"fresh\"}"),
                    after.since(before, "latchkey_token_fetches_total{outcome=\"refreshed\"}"),
                    after.since(before, "latchkey_token_fetches_total{outcome=\"failed\"}"),
                    after.since(before, "latchkey_token_refreshes_total{outcome=\"success\"}"),
                    after.since(before, "latchkey_token_refreshes_total{outcome=\"unavailable\"}"),
                    after.since(before, "latchkey_token_refreshes_total{outcome=\"rejected\"}"),
                    after.since(before, "latchkey_webhook_attempts_total{outcome=\"gone\"}"),
                    after.since(before, "latchkey_webhook_attempts_total{outcome=\"delivered\"}"),
                    after.since(before, "latchkey_webhook_deliveries_dead_total")))
                    .containsExactly(2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0);
            assertThat(receiver.deliveries()).hasSize(1);
            assertThat(after.samples()).containsKeys("jvm_memory_used_bytes{area=\"heap\"}",
                    "latchkey_webhook_backlog_age_seconds");
            assertThat(after.samples().keySet()).as("Jetty and the pool, through the Dropwizard bridge")
                    .anyMatch(name -> name.startsWith("org_eclipse_jetty"))
                    .anyMatch(name -> name.startsWith("io_dropwizard_db_managed_pooled_data_source"));
            assertNoIdentifiersInLabels(after, key, connection, flow.get("id").asText());

            Promtool.Check check = promtool.checkMetrics(after.text());
            assertThat(check.exitCode()).as("promtool: %s", check.output()).isZero();
            assertThat(check.output()).isBlank();
        }
    }

    /** A flow for an MCP server nobody serves: it fails at the start, and its code is the label. */
    private static String startFlowThatFails(String key) {
        HttpResponse<String> response = Http.post(APP.baseUrl() + "/v1/flows", key,
                "{\"serverUrl\":\"http://127.0.0.1:" + freePort() + "/mcp\",\"subject\":\"nobody\"}");
        assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(400);
        String code = Http.json(response).get("code").asText();
        assertThat(FailureCodes.label(code)).as("a code of Latchkey's own").isEqualTo(code);
        return code;
    }

    private static void assertNoIdentifiersInLabels(PrometheusText scrape, String... secrets) {
        // Every label but a histogram's bucket bound (le="0.5", le="+Inf").
        Pattern labelValue = Pattern.compile("(?<!le)=\"([^\"]*)\"");
        for (String series : scrape.samples().keySet()) {
            if (!series.startsWith("latchkey_")) {
                continue;
            }
            Matcher values = labelValue.matcher(series);
            while (values.find()) {
                assertThat(values.group(1)).as(series).matches("[a-z0-9_.+]*");
            }
            for (String secret : secrets) {
                assertThat(series).doesNotContain(secret).doesNotContain("acme").doesNotContain("mia");
            }
        }
    }

    private static HttpResponse<String> token(String key, String connection) {
        return Http.post(APP.baseUrl() + "/v1/connections/" + connection + "/token", key, "");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrometheusText scrape() {
        return PrometheusText.scrape("http://127.0.0.1:" + EXT.getAdminPort() + PrometheusScrape.PATH);
    }
}
