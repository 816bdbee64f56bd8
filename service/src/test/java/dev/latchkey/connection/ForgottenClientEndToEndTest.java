package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import dev.latchkey.testkit.Reply;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authorization server that no longer knows Latchkey's dynamically registered client answers the
 * code exchange {@code 401 invalid_client} without a {@code WWW-Authenticate} header: the user sees
 * a readable failure page, the flow fails with {@code invalid_client}, and the next flow registers
 * a new client instead of reusing the forgotten one.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForgottenClientEndToEndTest {

    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = TestApp.h2(TempDirs.create("forgotten-client"))
            .with("flows.expiryInterval", "1h").extension();

    private static FakeProvider as;
    private static FakeResourceServer mcp;
    private static LifecycleApi api;

    @BeforeAll
    static void start() {
        as = new FakeProvider("f");
        mcp = new FakeResourceServer(as.issuer());
        api = new LifecycleApi("http://127.0.0.1:" + EXT.getLocalPort(), TestKeys.create(EXT.getConfiguration(), "acme"));
    }

    @AfterAll
    static void stop() {
        as.close();
        mcp.close();
    }

    @Test
    void invalidClientWithoutChallengeFailsTheFlowReadablyAndTheNextFlowRegistersAgain() throws Exception {
        as.answerTokenRequests("authorization_code", r -> Reply.json(401, "{\"error\":\"invalid_client\"}"));
        JsonNode first = api.startFlow(mcp.serverUrl(), "nora", null);
        assertThat(as.registrations()).isEqualTo(1);

        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(first.get("authorizationUrl").asText());
        assertThat(journey.lastUrl().getPath()).startsWith("/oauth/callback");
        assertThat(journey.status()).as(journey.body()).isEqualTo(409);
        assertThat(journey.body()).contains("<h1 class=\"bad\">Authorization failed</h1>").contains("invalid_client")
                .doesNotContain("\"status\"");
        assertThat(as.countTokenRequests("authorization_code")).isEqualTo(1);

        JsonNode failed = api.flow(first.get("id").asText());
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("invalid_client");

        as.standardTokenAnswers();
        JsonNode second = api.startFlow(mcp.serverUrl(), "nora", null);
        assertThat(as.registrations()).as("the forgotten client is not reused").isEqualTo(2);
        assertThat(api.flow(second.get("id").asText()).get("timeline").findValuesAsText("step")).contains("registration");
        String connectionId = api.complete(second.get("authorizationUrl").asText(), second.get("id").asText());
        assertThat(api.connection(connectionId).get("status").asText()).isEqualTo("active");
    }
}
