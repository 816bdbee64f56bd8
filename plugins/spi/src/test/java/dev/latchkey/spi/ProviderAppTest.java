package dev.latchkey.spi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderAppTest {

    private static final String ISSUER = "https://auth.acme.example";

    private final List<ConfigProperty> declared = ProviderApp.configProperties("your app", "acme.example", ISSUER);

    @Test
    void bothPropertiesMakeAConfidentialClientBoundToTheIssuersAndTheSecretStaysMasked() {
        PluginConfig config = PluginConfig.resolve(declared, Map.of("client-id", "abc", "client-secret", "s3cr3t"));

        PreRegisteredClient client = ProviderApp.from(config, ClientAuthMethod.CLIENT_SECRET_POST).client().orElseThrow();

        assertThat(client.clientId()).isEqualTo("abc");
        assertThat(client.clientSecret()).contains("s3cr3t");
        assertThat(client.authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(client.issuers()).containsExactly(ISSUER);
        assertThat(config.isSecret("client-secret")).isTrue();
        assertThat(declared).extracting(ConfigProperty::name).containsExactly("client-id", "client-secret", "hosts",
                "issuers");
    }

    @Test
    void neitherPropertyMeansNoClientAndOneAloneIsRefused() {
        assertThat(ProviderApp.from(PluginConfig.resolve(declared, Map.of()), ClientAuthMethod.CLIENT_SECRET_POST)
                .client()).isEmpty();
        assertThatThrownBy(() -> ProviderApp.from(PluginConfig.resolve(declared, Map.of("client-id", "abc")),
                ClientAuthMethod.CLIENT_SECRET_POST)).isInstanceOf(PluginException.class)
                .hasMessageContaining("both client-id and client-secret");
        assertThatThrownBy(() -> ProviderApp.from(PluginConfig.resolve(ProviderApp.configProperties("app", "a.example", ""),
                Map.of("client-id", "abc", "client-secret", "s")), ClientAuthMethod.CLIENT_SECRET_POST))
                .isInstanceOf(PluginException.class).hasMessageContaining("issuers is empty");
    }

    @Test
    void aProviderAppPluginMatchesByRuleAndOffersTheAppOnlyWhenTheOperatorConfiguredNone() {
        ProviderApp app = ProviderApp.from(PluginConfig.resolve(declared, Map.of("client-id", "abc",
                "client-secret", "s")), ClientAuthMethod.CLIENT_SECRET_POST);
        ProviderAppPlugin plugin = () -> app;
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.of(ISSUER, URI.create(ISSUER + "/a"),
                URI.create(ISSUER + "/t"));
        ProviderContext context = new ProviderContext(URI.create("https://mcp.acme.example/"),
                "https://mcp.acme.example/", Optional.of(ISSUER), "flw_1", PluginConfig.empty());

        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://mcp.acme.example/")))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://other.example/")).withIssuer(ISSUER))).isTrue();
        assertThat(plugin.appliesTo(ProviderTarget.of(URI.create("https://other.example/")))).isFalse();
        assertThat(plugin.chooseRegistration(Optional.empty(), metadata, context))
                .contains(app.client().orElseThrow());
        PreRegisteredClient operators = PreRegisteredClient.publicClient("operator");
        assertThat(plugin.chooseRegistration(Optional.of(operators), metadata, context)).contains(operators);
        ProviderAppPlugin unconfigured = () -> ProviderApp.of("acme.example", ISSUER);
        assertThat(unconfigured.chooseRegistration(Optional.empty(), metadata, context)).isEmpty();
    }

    @Test
    void theFactoryDeclaresReadsAndHandsOverTheApp() {
        ProviderAppPluginFactory factory = new ProviderAppPluginFactory("acme", "1.0.0",
                ProviderPluginFactory.SPI_VERSION, "your app", "acme.example", ISSUER,
                ClientAuthMethod.CLIENT_SECRET_BASIC) {
            @Override protected ProviderPlugin create(ProviderApp app) { return (ProviderAppPlugin) () -> app; }
        };

        assertThat(factory.id()).isEqualTo("acme");
        assertThat(factory.spiVersion()).isEqualTo(ProviderPluginFactory.SPI_VERSION);
        assertThat(factory.configProperties()).isEqualTo(declared);
        factory.init(PluginConfig.resolve(factory.configProperties(), Map.of("client-id", "abc", "client-secret", "s")));
        ProviderApp app = ((ProviderAppPlugin) factory.create()).app();
        assertThat(app.client().orElseThrow().authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(app.match().hosts()).containsExactly("acme.example");
    }
}
