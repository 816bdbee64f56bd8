package dev.latchkey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * provider-quirks #3, #4: no dynamic registration, comma-separated scopes, the user token nested
 * under authed_user, no expires_in and no refresh token.
 */
class SlackPluginTest {

    @RegisterExtension
    static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();

    @Test
    void theGenericFlowFailsAndTheSlackPluginCompletesIt(FakeProvider slack) {
        slack.enable(Quirk.NO_DYNAMIC_REGISTRATION, Quirk.COMMA_SEPARATED_SCOPES, Quirk.TOKENS_NESTED_UNDER_AUTHED_USER,
                Quirk.NO_EXPIRES_IN).scopes("channels:read", "chat:write").client("slack-app", "slack-app-secret");

        Latchkey bare = LATCHKEY.start(setup -> setup.disable("slack"));
        assertThat(bare.authorize(slack.mcpUrl()).errorCode()).contains("registration_unavailable");

        // Even with credentials from a profile, the generic flow fails on Slack's scope format.
        Latchkey generic = LATCHKEY.start(setup -> setup.disable("slack").profile(Map.of("name", "slack-app",
                "issuers", List.of(slack.issuer()), "clientId", "slack-app", "clientSecret", "slack-app-secret",
                "tokenEndpointAuthMethod", "client_secret_post")));
        FlowOutcome refused = generic.authorize(slack.mcpUrl());
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.errorCode()).contains("invalid_scope");

        Latchkey withPlugin = LATCHKEY.start(setup -> setup.pluginConfig("slack", "issuers", slack.issuer())
                .pluginConfig("slack", "client-id", "slack-app").pluginConfig("slack", "client-secret", "slack-app-secret"));
        FlowOutcome outcome = withPlugin.authorize(slack.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        assertThat(slack.authorizationRequests().get(1)).containsEntry("scope", "channels:read,chat:write");
        assertThat(outcome.pluginsOn("token_exchange")).containsExactly("slack");
        JsonNode connection = withPlugin.get("/v1/connections/" + outcome.connectionId().orElseThrow());
        assertThat(connection.has("accessTokenExpiresAt")).as("no expiry invented").isFalse();
        assertThat(connection.get("refreshable").asBoolean()).isFalse();
        String token = withPlugin.token(outcome.connectionId().orElseThrow()).get("accessToken").asText();
        assertThat(slack.accepts(token)).isTrue();
    }
}
