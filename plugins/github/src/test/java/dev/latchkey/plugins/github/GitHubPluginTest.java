package dev.latchkey.plugins.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.AuthorizationServerMetadata;
import dev.latchkey.spi.Parameters;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The GitHub hooks in isolation; the end-to-end proof is GitHubPluginTest in plugins/testkit. */
class GitHubPluginTest {

    private static final String ISSUER = "https://github.com/login/oauth";

    private final GitHubPluginFactory factory = new GitHubPluginFactory();
    private final ProviderPlugin plugin = start(Map.of("client-id", "Iv1.app", "client-secret", "s3cret"));
    private final ProviderContext context = new ProviderContext(URI.create("https://api.githubcopilot.com/mcp/"),
            "https://api.githubcopilot.com/mcp/", Optional.of(ISSUER), "flw_1", PluginConfig.empty());

    @Test
    void isFoundByServiceLoaderAndMatchesGitHubServersAndIssuer() {
        assertThat(ServiceLoader.load(dev.latchkey.spi.ProviderPluginFactory.class).stream()
                .map(p -> p.get().id())).contains("github");
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://api.githubcopilot.com/mcp/")))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://mcp.example.com/")).withIssuer(ISSUER))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://notgithub.com/")))).isFalse();
    }

    @Test
    void assumesS256AsADeclaredRelaxation() {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.of(ISSUER,
                URI.create("https://github.com/login/oauth/authorize"), URI.create("https://github.com/login/oauth/access_token"));
        AuthorizationServerMetadata patched = plugin.patchAuthorizationServerMetadata(metadata, context);
        assertThat(patched.supportsS256()).isTrue();
        assertThat(patched.relaxations()).singleElement().satisfies(r ->
                assertThat(r.kind()).isEqualTo(RelaxationKind.ASSUME_PKCE_S256));
    }

    @Test
    void usesTheConfiguredAppUnlessTheOperatorConfiguredOne() {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.of(ISSUER, URI.create("https://github.com/a"),
                URI.create("https://github.com/t"));
        assertThat(plugin.chooseRegistration(Optional.empty(), metadata, context))
                .contains(PreRegisteredClient.confidential("Iv1.app", "s3cret", dev.latchkey.spi.ClientAuthMethod.CLIENT_SECRET_POST)
                        .boundTo(java.util.List.of(ISSUER)));
        PreRegisteredClient operators = PreRegisteredClient.publicClient("operator");
        assertThat(plugin.chooseRegistration(Optional.of(operators), metadata, context)).contains(operators);
    }

    @Test
    void asksForJsonAndParsesAFormBodyEvenWhenMislabelled() {
        TokenRequest request = plugin.customizeTokenRequest(TokenRequest.of(TokenRequest.GrantType.AUTHORIZATION_CODE,
                URI.create("https://github.com/t"), dev.latchkey.spi.ClientAuthMethod.CLIENT_SECRET_POST, "https://x.example/"), context);
        assertThat(request.headers().first("Accept")).contains("application/json");

        TokenResponse form = new TokenResponse(200, Optional.of("text/plain"),
                "access_token=gho_abc&scope=repo&token_type=bearer", Parameters.empty());
        TokenResponse normalized = plugin.normalizeTokenResponse(form, TokenRequest.GrantType.AUTHORIZATION_CODE, context);
        assertThat(normalized.accessToken()).contains("gho_abc");
        assertThat(normalized.isError()).isFalse();

        TokenResponse error = new TokenResponse(200, Optional.of("application/x-www-form-urlencoded"),
                "error=bad_verification_code", Parameters.empty());
        assertThat(plugin.normalizeTokenResponse(error, TokenRequest.GrantType.AUTHORIZATION_CODE, context).isError())
                .as("GitHub says errors with HTTP 200").isTrue();
    }

    private ProviderPlugin start(Map<String, String> values) {
        factory.init(PluginConfig.resolve(factory.configProperties(), values));
        return factory.create();
    }

}
