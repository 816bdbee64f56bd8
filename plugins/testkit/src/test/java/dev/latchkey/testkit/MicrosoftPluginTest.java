package dev.latchkey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * provider-quirks #8, Entra ID v2: resource rejected (AADSTS9010010), unqualified scopes resolve to
 * Graph (AADSTS650053), no PKCE metadata, no dynamic registration.
 */
class MicrosoftPluginTest {

    @RegisterExtension
    static final LatchkeyExtension LATCHKEY = new LatchkeyExtension();

    @Test
    void theGenericFlowFailsAndTheMicrosoftPluginCompletesIt(FakeProvider entra) {
        entra.enable(Quirk.NO_DYNAMIC_REGISTRATION, Quirk.NO_PKCE_METADATA, Quirk.REJECTS_RESOURCE_PARAMETER,
                Quirk.DEFAULT_SCOPES_ONLY).client("entra-app", "entra-app-secret");

        // Credentials and "assume S256" from a profile get the generic flow as far as the authorization endpoint.
        Latchkey generic = LATCHKEY.start(setup -> setup.disable("microsoft").profile(Map.of("name", "entra-app",
                "issuers", List.of(entra.issuer()), "assumeS256", true, "clientId", "entra-app",
                "clientSecret", "entra-app-secret")));
        FlowOutcome refused = generic.authorize(entra.mcpUrl());
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.errorCode()).contains("invalid_target");
        assertThat(refused.errorDescription().orElseThrow()).contains("AADSTS9010010");

        Latchkey withPlugin = LATCHKEY.start(setup -> setup.pluginConfig("microsoft", "issuers", entra.issuer())
                .pluginConfig("microsoft", "client-id", "entra-app").pluginConfig("microsoft", "client-secret", "entra-app-secret")
                .pluginConfig("microsoft", "api", "api://latchkey-mcp"));
        FlowOutcome outcome = withPlugin.authorize(entra.mcpUrl());

        assertThat(outcome.authorized()).as(outcome.toString()).isTrue();
        Map<String, String> authorize = entra.authorizationRequests().get(1);
        assertThat(authorize).doesNotContainKey("resource")
                .containsEntry("scope", "api://latchkey-mcp/.default offline_access");
        assertThat(entra.tokenRequests().get(0).form()).doesNotContainKey("resource");
        assertThat(outcome.pluginsOn("discovery")).containsExactly("microsoft");
        assertThat(outcome.pluginsOn("authorization_request")).containsExactly("microsoft");
        assertThat(outcome.pluginsOn("token_exchange")).containsExactly("microsoft");
    }
}
