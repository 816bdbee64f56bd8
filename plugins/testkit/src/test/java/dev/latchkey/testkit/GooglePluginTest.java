package dev.latchkey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * provider-quirks #5, #7: the resource metadata names the issuer with a trailing slash; a refresh
 * token only with access_type=offline and consent merged into prompt.
 */
class GooglePluginTest {

    @RegisterExtension
    static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();

    @Test
    void theGenericFlowFailsAndTheGooglePluginCompletesItWithARefreshToken(FakeProvider google) {
        google.enable(Quirk.TRAILING_SLASH_ISSUER_IN_RESOURCE_METADATA, Quirk.REFRESH_TOKEN_ONLY_WITH_OFFLINE_CONSENT);

        Latchkey generic = LATCHKEY.start(setup -> configure(setup).disable("google"));
        FlowOutcome refused = generic.authorize(google.mcpUrl());
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.errorCode()).contains("issuer_mismatch");

        Latchkey withPlugin = LATCHKEY.start(GooglePluginTest::configure);
        FlowOutcome outcome = withPlugin.authorize(google.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        assertThat(outcome.pluginsOn("discovery")).containsExactly("google");
        // The profile (applied first) asked for account selection; the plugin merged consent into it.
        assertThat(outcome.pluginsOn("authorization_request")).containsExactly("profile:workspace", "google");
        Map<String, String> authorize = google.authorizationRequests().get(0);
        assertThat(authorize).containsEntry("access_type", "offline").containsEntry("prompt", "select_account consent");
        JsonNode connection = withPlugin.get("/v1/connections/" + outcome.connectionId().orElseThrow());
        assertThat(connection.get("refreshable").asBoolean()).isTrue();
    }

    private static LatchkeySetup configure(LatchkeySetup setup) {
        return setup.pluginConfig("google", "hosts", "127.0.0.1")
                .profile(Map.of("name", "workspace", "hosts", List.of("127.0.0.1"),
                        "authorizationParameters", Map.of("prompt", "select_account")));
    }
}
