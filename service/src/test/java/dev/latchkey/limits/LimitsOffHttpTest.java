package dev.latchkey.limits;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.HangingServer;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Every limit at 0 is off: far past the bounds LimitsHttpTest hits, nothing is refused. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LimitsOffHttpTest {

    private static final TestApp APP = TestApp.h2(TempDirs.create("limits-off"))
            .with("limits.api.ratePerSecond", "0").with("limits.api.burst", "1")
            .with("limits.flowStartsPerTenant", "0").with("limits.longPollWaitersPerTenant", "0")
            .with("limits.browser.ratePerSecond", "0").with("limits.browser.burst", "1")
            .with("egress.readTimeout", "60s");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void withEveryLimitOffNothingIsRefused() throws Exception {
        String key = TestKeys.create(EXT.getConfiguration(), "unlimited");
        for (int i = 0; i < 30; i++) {
            assertThat(Http.get(APP.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(200);
            assertThat(Http.get(APP.baseUrl() + "/connect/lnk_unknown" + i, null).statusCode()).isEqualTo(404);
        }
        try (HangingServer hanging = new HangingServer()) {
            List<CompletableFuture<HttpResponse<String>>> starts = IntStream.range(0, 4)
                    .mapToObj(i -> send(post("/v1/flows", key, "{\"serverUrl\":\"" + hanging.origin() + "/mcp-" + i
                            + "\",\"subject\":\"alice\"}"))).toList();
            Await.until(Duration.ofSeconds(30), () -> hanging.arrived() == 4,
                    () -> hanging.arrived() + " of 4 flow starts in discovery; done: "
                            + starts.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                            .map(HttpResponse::body).toList());
            List<CompletableFuture<HttpResponse<String>>> waits = IntStream.range(0, 4)
                    .mapToObj(i -> send(get("/v1/events?wait=1", key))).toList();
            for (CompletableFuture<HttpResponse<String>> wait : waits) {
                assertThat(wait.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            hanging.release();
            for (CompletableFuture<HttpResponse<String>> start : starts) {
                assertThat(start.get(60, TimeUnit.SECONDS).statusCode()).isNotEqualTo(429);
            }
        }
    }

    private static HttpRequest post(String path, String key, String json) {
        return Http.apiRequest("POST", APP.baseUrl() + path, key, json).timeout(Duration.ofSeconds(90)).build();
    }

    private static HttpRequest get(String path, String key) {
        return Http.apiRequest("GET", APP.baseUrl() + path, key, null).timeout(Duration.ofSeconds(90)).build();
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return Http.sendAsync(request);
    }
}
