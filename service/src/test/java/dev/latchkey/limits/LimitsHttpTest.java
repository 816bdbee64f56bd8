package dev.latchkey.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.metrics.PrometheusScrape;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.HangingServer;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.PrometheusText;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestEvents;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each limit, with small bounds: the caller over it gets a 429 with Retry-After (problem JSON on
 * the API, a page in the browser), while another key, tenant or address is served at that moment.
 * Nothing here waits for a limit to refill: the rates are slow enough that no test sees a refill.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LimitsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int API_BURST = 20;
    private static final int BROWSER_BURST = 5;
    private static final TestApp APP = TestApp.h2(TempDirs.create("limits"))
            .with("limits.api.ratePerSecond", "0.1").with("limits.api.burst", String.valueOf(API_BURST))
            .with("limits.flowStartsPerTenant", "2").with("limits.longPollWaitersPerTenant", "2")
            .with("limits.browser.ratePerSecond", "0.1").with("limits.browser.burst", String.valueOf(BROWSER_BURST))
            .with("limits.browser.trustedProxies", "127.0.0.1")
            // Longer than any wait here: a held request is only ever ended by the test.
            .with("egress.readTimeout", "60s");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void aKeyOverItsRateGetsRateLimitedWhileAnotherKeyOfTheSameTenantIsServed() throws Exception {
        String busy = TestKeys.create(EXT.getConfiguration(), "rate-acme");
        String sibling = TestKeys.create(EXT.getConfiguration(), "rate-acme");
        PrometheusText before = scrape();

        int served = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < API_BURST * 2 && refused == null; i++) {
            HttpResponse<String> reply = send(api("GET", "/v1/whoami", busy, null));
            if (reply.statusCode() == 429) {
                refused = reply;
            } else {
                assertThat(reply.statusCode()).isEqualTo(200);
                served++;
            }
        }

        assertThat(refused).as("a 429 within twice the burst").isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(API_BURST);
        assertProblem(refused, "rate_limited");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
        assertThat(send(api("GET", "/v1/whoami", sibling, null)).statusCode()).isEqualTo(200);
        assertThat(refusals(before, "api_rate")).isEqualTo(1.0);
    }

    @Test
    void aTenantsThirdFlowStartAtOnceIsRefusedWhileAnotherTenantStartsOne() throws Exception {
        String acme = TestKeys.create(EXT.getConfiguration(), "starts-acme");
        String globex = TestKeys.create(EXT.getConfiguration(), "starts-globex");
        PrometheusText before = scrape();
        try (HangingServer hanging = new HangingServer(); FakeProvider as = new FakeProvider()) {
            List<CompletableFuture<HttpResponse<String>>> held = IntStream.rangeClosed(1, 2)
                    .mapToObj(i -> sendAsync(startFlow(acme, hanging.origin() + "/mcp-" + i))).toList();
            Await.until(Duration.ofSeconds(30), () -> hanging.arrived() >= 2,
                    () -> hanging.arrived() + " flow starts in discovery");

            HttpResponse<String> third = sendAsync(startFlow(acme, hanging.origin() + "/mcp-3")).get(20, TimeUnit.SECONDS);
            HttpResponse<String> shortcut = sendAsync(api("POST", "/v1/token", acme, JSON.createObjectNode()
                    .put("subject", "alice").put("serverUrl", hanging.origin() + "/mcp-4").toString()))
                    .get(20, TimeUnit.SECONDS);
            HttpResponse<String> otherTenant = send(startFlow(globex, as.mcpUrl()));

            assertProblem(third, "too_many_concurrent");
            assertThat(third.headers().firstValue("Retry-After")).contains("1");
            assertProblem(shortcut, "too_many_concurrent");
            assertThat(otherTenant.statusCode()).as(otherTenant.body()).isEqualTo(201);
            assertThat(hanging.arrived()).isEqualTo(2);

            hanging.release();
            for (CompletableFuture<HttpResponse<String>> start : held) {
                start.get(60, TimeUnit.SECONDS);
            }
            HttpResponse<String> afterwards = send(startFlow(acme, as.mcpUrl()));
            assertThat(afterwards.statusCode()).as("finished starts give their places back: " + afterwards.body())
                    .isEqualTo(201);
            assertThat(refusals(before, "flow_starts")).as("the third start and the shortcut").isEqualTo(2.0);
        }
    }

    @Test
    void aTenantsThirdWaitingEventRequestIsRefusedWhileAnotherTenantWaits() throws Exception {
        String acme = TestKeys.create(EXT.getConfiguration(), "poll-acme");
        String globex = TestKeys.create(EXT.getConfiguration(), "poll-globex");
        PrometheusText before = scrape();
        List<CompletableFuture<HttpResponse<String>>> waits = IntStream.range(0, 3)
                .mapToObj(i -> sendAsync(api("GET", "/v1/events?wait=30", acme, null))).toList();

        // Two may wait 30 s; whichever comes third is answered at once.
        HttpResponse<String> first = (HttpResponse<String>) CompletableFuture.anyOf(waits.toArray(new CompletableFuture[0]))
                .get(20, TimeUnit.SECONDS);
        HttpResponse<String> otherTenant = send(api("GET", "/v1/events?wait=1", globex, null));
        HttpResponse<String> noWait = send(api("GET", "/v1/events", acme, null));

        assertProblem(first, "too_many_concurrent");
        assertThat(first.headers().firstValue("Retry-After")).contains("1");
        assertThat(waits.stream().filter(CompletableFuture::isDone)).hasSize(1);
        assertThat(otherTenant.statusCode()).isEqualTo(200);
        assertThat(noWait.statusCode()).as("a read that does not wait is never refused").isEqualTo(200);

        // An event for the tenant answers the two that wait (and the app need not wait 30 s for them to stop).
        TestEvents.append(TestKeys.jdbi(EXT.getConfiguration()),
                ((LatchkeyApplication) EXT.getApplication()).events().writer(),
                TestEvents.authRequired("poll-acme", "alice"));
        for (CompletableFuture<HttpResponse<String>> wait : waits) {
            assertThat(wait.get(25, TimeUnit.SECONDS).statusCode()).isIn(200, 429);
        }
        assertThat(waits.stream().filter(w -> w.join().statusCode() == 200)).hasSize(2);
        assertThat(refusals(before, "long_poll_waiters")).isEqualTo(1.0);
    }

    @Test
    void anAddressOverItsRateGetsAPageWhileAnotherAddressBehindTheProxyIsServed() throws Exception {
        // 127.0.0.1 is a trusted proxy in this app: without X-Forwarded-For, a request counts as 127.0.0.1 itself.
        PrometheusText before = scrape();
        int served = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < BROWSER_BURST * 3 && refused == null; i++) {
            HttpResponse<String> reply = send(browser("/connect/lnk_unknown" + i, Map.of()));
            if (reply.statusCode() == 429) {
                refused = reply;
            } else {
                assertThat(reply.statusCode()).isEqualTo(404);
                served++;
            }
        }
        HttpResponse<String> callback = send(browser("/oauth/callback?state=x&code=y", Map.of()));
        HttpResponse<String> behindProxy = send(browser("/connect/lnk_unknown",
                Map.of("X-Forwarded-For", "198.51.100.7")));

        assertThat(refused).as("a 429 within three times the burst").isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(BROWSER_BURST);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(refused.body()).contains("<h1 class=\"bad\">Too many requests</h1>").contains("Wait ");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
        assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(callback.statusCode()).isEqualTo(429);
        assertThat(behindProxy.statusCode()).as("another client behind the proxy").isEqualTo(404);
        assertThat(behindProxy.body()).doesNotContain("Too many requests");
        assertThat(refusals(before, "browser_rate")).as("the page and the callback").isEqualTo(2.0);
    }

    private static PrometheusText scrape() {
        return PrometheusText.scrape("http://127.0.0.1:" + EXT.getAdminPort() + PrometheusScrape.PATH);
    }

    /** Refusals of one limit counted on the scrape since {@code before}. */
    private static double refusals(PrometheusText before, String limit) {
        return scrape().since(before, "latchkey_limit_refusals_total{limit=\"" + limit + "\"}");
    }

    private static void assertProblem(HttpResponse<String> reply, String code) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(429);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("requestId").asText()).isNotBlank();
    }

    private static HttpRequest startFlow(String key, String serverUrl) {
        return api("POST", "/v1/flows", key, JSON.createObjectNode().put("serverUrl", serverUrl)
                .put("subject", "alice").toString());
    }

    private static HttpRequest api(String method, String path, String key, String json) {
        return Http.apiRequest(method, APP.baseUrl() + path, key, json).timeout(Duration.ofSeconds(90)).build();
    }

    private static HttpRequest browser(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(APP.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/html");
        headers.forEach(request::header);
        return request.GET().build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return Http.send(request);
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return Http.sendAsync(request);
    }
}
