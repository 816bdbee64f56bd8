package dev.latchkey.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL serve the same API keys and key material (a flow started on one
 * completes on the other), and a restart on the embedded default keeps data, keys and keyring.
 */
class TwoInstancesAndRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoInstancesOnOnePostgresShareKeysAndFlows() throws Exception {
        Path dir = TempDirs.create("two-pg");
        String url = TestDatabases.freshPostgresUrl();
        TestApp first = TestApp.on(TestDatabases.Kind.POSTGRES, url, dir);
        TestApp second = TestApp.on(TestDatabases.Kind.POSTGRES, url, dir).with("publicBaseUrl", first.baseUrl());
        DropwizardTestSupport<LatchkeyConfiguration> a = support(first);
        DropwizardTestSupport<LatchkeyConfiguration> b = support(second);
        try (FakeProvider as = new FakeProvider()) {
            a.before();
            b.before();
            String key = TestKeys.create(a.getConfiguration(), "acme");
            assertThat(Http.get(first.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(200);
            assertThat(Http.get(second.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(200);

            JsonNode flow = JSON.readTree(Http.post(first.baseUrl() + "/v1/flows", key, JSON.createObjectNode()
                    .put("serverUrl", as.mcpUrl()).put("subject", "carol").toString()).body());
            // The landing link and callback are served by the second instance: same DB, same keyring.
            String landing = flow.get("authorizationUrl").asText().replace(first.baseUrl(), second.baseUrl());
            HeadlessBrowser browser = new HeadlessBrowser();
            String authorize = browser.open(landing).orElseThrow();
            URI callback = URI.create(browser.get(URI.create(authorize)).headers().firstValue("Location").orElseThrow()
                    .replace(first.baseUrl(), second.baseUrl()));
            assertThat(browser.get(callback).statusCode()).isEqualTo(200);
            JsonNode done = JSON.readTree(Http.get(first.baseUrl() + "/v1/flows/" + flow.get("id").asText(), key).body());
            assertThat(done.get("status").asText()).isEqualTo("authorized");
            assertThat(Http.post(first.baseUrl() + "/v1/connections/" + done.get("connectionId").asText() + "/token",
                    key, "").statusCode()).isEqualTo(200);
        } finally {
            b.after();
            a.after();
        }
    }

    @Test
    void restartKeepsDataApiKeysAndKeyMaterial() throws Exception {
        Path dir = TempDirs.create("restart");
        TestApp app = TestApp.h2(dir);
        DropwizardTestSupport<LatchkeyConfiguration> run = support(app);
        String key;
        String flowId;
        String keyring;
        try (FakeProvider as = new FakeProvider()) {
            run.before();
            key = TestKeys.create(run.getConfiguration(), "acme");
            flowId = JSON.readTree(Http.post(app.baseUrl() + "/v1/flows", key, JSON.createObjectNode()
                    .put("serverUrl", as.mcpUrl()).put("subject", "dave").toString()).body()).get("id").asText();
            keyring = Files.readString(dir.resolve("keyring.json"));
            run.after();

            DropwizardTestSupport<LatchkeyConfiguration> again = support(app);
            again.before();
            try {
                assertThat(Files.readString(dir.resolve("keyring.json"))).isEqualTo(keyring);
                assertThat(Http.get(app.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(200);
                JsonNode flow = JSON.readTree(Http.get(app.baseUrl() + "/v1/flows/" + flowId, key).body());
                assertThat(flow.get("status").asText()).isEqualTo("pending");
                // The sealed authorization URL written before the restart still opens.
                assertThat(new HeadlessBrowser().open(flow.get("authorizationUrl").asText())).isPresent();
                assertThat(Http.get("http://127.0.0.1:" + again.getAdminPort() + "/healthcheck", null).body())
                        .contains("\"database\":{\"healthy\":true").contains("\"keyring\":{\"healthy\":true");
            } finally {
                again.after();
            }
        }
    }

    private static DropwizardTestSupport<LatchkeyConfiguration> support(TestApp app) {
        return new DropwizardTestSupport<>(LatchkeyApplication.class, app.configFile(), app.overrides());
    }
}
