package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Loads the sample plugin the way the engine does and drives each hook it overrides. */
class ServiceLoaderTest {

    private static final URI SERVER = URI.create("https://mcp.acme.example/mcp");

    @Test
    void theSampleFactoryIsDiscoveredThroughServiceLoader() {
        List<ProviderPluginFactory> factories = ServiceLoader.load(ProviderPluginFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(factories).extracting(ProviderPluginFactory::id).containsExactly("acme");
        ProviderPluginFactory acme = factories.get(0);
        assertThat(SpiVersion.CURRENT.canLoad(SpiVersion.parse(acme.spiVersion()))).isTrue();
        assertThat(acme.configProperties()).filteredOn(ConfigProperty::secret)
                .extracting(ConfigProperty::name).containsExactly("client-secret");
    }

    @Test
    void theLoadedPluginHonoursItsConfigurationAndHooks() {
        ProviderPluginFactory factory = ServiceLoader.load(ProviderPluginFactory.class).findFirst().orElseThrow();
        PluginConfig config = PluginConfig.resolve(factory.configProperties(),
                Map.of("client-id", "acme-client", "client-secret", "acme-secret"));
        factory.init(config);
        ProviderPlugin plugin = factory.create();
        ProviderContext context = new ProviderContext(SERVER, "https://mcp.acme.example/mcp",
                Optional.of("https://auth.acme.example"), "flow-1", config);

        assertThat(plugin.appliesTo(ProviderTarget.of(SERVER))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://mcp.other.example/mcp"))
                .withIssuer("https://auth.acme.example"))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://acme.example.evil.test/mcp")))).isFalse();

        AuthorizationRequest authorize = plugin.customizeAuthorizationRequest(
                AuthorizationRequest.of(URI.create("https://auth.acme.example/authorize"), List.of("read", "write"),
                        context.canonicalResource()), context);
        assertThat(authorize.scopeValue()).contains("read,write");

        TokenRequest exchange = TokenRequest.of(TokenRequest.GrantType.AUTHORIZATION_CODE,
                URI.create("https://auth.acme.example/token"), ClientAuthMethod.CLIENT_SECRET_POST,
                context.canonicalResource());
        assertThat(plugin.customizeTokenRequest(exchange, context).headers().first("Accept"))
                .contains("application/json");
        assertThat(plugin.customizeRefreshRequest(exchange, context).headers().first("accept"))
                .contains("application/json");

        TokenResponse response = plugin.normalizeTokenResponse(
                TokenResponse.ofFields(200, Parameters.of("access_token", "t")),
                TokenRequest.GrantType.AUTHORIZATION_CODE, context);
        assertThat(response.tokenType()).contains("Bearer");

        Optional<RegistrationChoice> choice = plugin.chooseRegistration(Optional.of(DynamicRegistration.of("x")),
                AuthorizationServerMetadata.of("https://auth.acme.example",
                        URI.create("https://auth.acme.example/authorize"), URI.create("https://auth.acme.example/token")),
                context);
        assertThat(choice).contains(PreRegisteredClient.confidential("acme-client", "acme-secret",
                ClientAuthMethod.CLIENT_SECRET_POST));
        factory.close();
    }

    @Test
    void aMissingRequiredPropertyIsRefusedBeforeInit() {
        ProviderPluginFactory factory = ServiceLoader.load(ProviderPluginFactory.class).findFirst().orElseThrow();

        assertThatThrownBy(() -> PluginConfig.resolve(factory.configProperties(), Map.of("client-id", "x")))
                .hasMessageContaining("client-secret");
    }
}
