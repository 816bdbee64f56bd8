package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plugin that overrides nothing must leave every record exactly as the engine proposed it. */
class ProviderPluginDefaultsTest {

    private final ProviderPlugin plugin = target -> true;
    private final ProviderContext context = new ProviderContext(URI.create("https://mcp.example/mcp"),
            "https://mcp.example/mcp", Optional.empty(), "flow-1", PluginConfig.empty());

    @Test
    void everyHookDefaultsToDoingNothing() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.of("https://mcp.example/mcp", "https://as.example");
        AuthorizationServerMetadata asm = AuthorizationServerMetadata.of("https://as.example",
                URI.create("https://as.example/authorize"), URI.create("https://as.example/token"));
        AuthorizationRequest authorize = AuthorizationRequest.of(asm.authorizationEndpoint(), List.of("read"),
                context.canonicalResource());
        TokenRequest token = TokenRequest.of(TokenRequest.GrantType.REFRESH_TOKEN, asm.tokenEndpoint(),
                ClientAuthMethod.NONE, context.canonicalResource());
        TokenResponse response = TokenResponse.ofFields(200, Parameters.of("access_token", "t"));
        RevocationRequest revoke = RevocationRequest.of(URI.create("https://as.example/revoke"),
                RevocationRequest.TokenTypeHint.ACCESS_TOKEN, ClientAuthMethod.NONE);
        Optional<RegistrationChoice> proposed = Optional.of(new ClientIdMetadataDocument());

        assertThat(plugin.supplyProtectedResourceMetadata(context)).isEmpty();
        assertThat(plugin.patchProtectedResourceMetadata(prm, context)).isSameAs(prm);
        assertThat(plugin.supplyAuthorizationServerMetadata("https://as.example", context)).isEmpty();
        assertThat(plugin.patchAuthorizationServerMetadata(asm, context)).isSameAs(asm);
        assertThat(plugin.chooseRegistration(proposed, asm, context)).isSameAs(proposed);
        assertThat(plugin.chooseRegistration(Optional.empty(), asm, context)).isEmpty();
        assertThat(plugin.customizeAuthorizationRequest(authorize, context)).isSameAs(authorize);
        assertThat(plugin.customizeTokenRequest(token, context)).isSameAs(token);
        assertThat(plugin.customizeRefreshRequest(token, context)).isSameAs(token);
        assertThat(plugin.normalizeTokenResponse(response, TokenRequest.GrantType.REFRESH_TOKEN, context))
                .isSameAs(response);
        assertThat(plugin.customizeRevocationRequest(revoke, context)).isSameAs(revoke);
    }

    @Test
    void contextAndTargetAgree() {
        ProviderContext known = context.withIssuer("https://as.example");

        assertThat(context.target()).isEqualTo(ProviderTarget.of(URI.create("https://mcp.example/mcp")));
        assertThat(known.target().issuer()).contains("https://as.example");
        assertThat(ProviderTarget.of(URI.create("https://MCP.Slack.com/mcp")).hostIsWithin("slack.com")).isTrue();
        assertThat(ProviderTarget.of(URI.create("https://notslack.com/mcp")).hostIsWithin("slack.com")).isFalse();
    }
}
