package dev.latchkey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * provider-quirks #1, #2: no dynamic registration, no PKCE metadata, a token endpoint that answers
 * form-encoded unless asked for JSON and reports errors with HTTP 200.
 */
class GitHubPluginTest {

    @RegisterExtension
    static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();

    @Test
    void theGenericFlowFailsAndTheGitHubPluginCompletesIt(FakeProvider github) {
        github.enable(Quirk.NO_DYNAMIC_REGISTRATION, Quirk.NO_PKCE_METADATA, Quirk.FORM_ENCODED_TOKEN_UNLESS_JSON,
                Quirk.TOKEN_ERRORS_WITH_HTTP_200).client("gh-oauth-app", "gh-app-secret");

        Latchkey generic = LATCHKEY.start(setup -> configure(setup, github).disable("github"));
        FlowOutcome refused = generic.authorize(github.mcpUrl());
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.errorCode()).contains("pkce_unsupported");

        Latchkey withPlugin = LATCHKEY.start(setup -> configure(setup, github));
        FlowOutcome outcome = withPlugin.authorize(github.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        assertThat(outcome.pluginsOn("discovery")).containsExactly("github");
        assertThat(outcome.pluginsOn("registration")).containsExactly("github");
        assertThat(outcome.pluginsOn("token_exchange")).containsExactly("github");
        assertThat(github.received("/register")).isEmpty();
        Exchange exchange = github.tokenRequests().get(0);
        assertThat(exchange.header("accept")).isEqualTo("application/json");
        assertThat(exchange.form()).containsEntry("client_id", "gh-oauth-app");
        String token = withPlugin.token(outcome.connectionId().orElseThrow()).get("accessToken").asText();
        assertThat(github.accepts(token)).isTrue();
    }

    private static LatchkeySetup configure(LatchkeySetup setup, FakeProvider github) {
        return setup.pluginConfig("github", "issuers", github.issuer())
                .pluginConfig("github", "client-id", "gh-oauth-app")
                .pluginConfig("github", "client-secret", "gh-app-secret");
    }
}
