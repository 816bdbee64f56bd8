package dev.latchkey.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginConfigTest {

    private final List<ConfigProperty> declared = List.of(
            ConfigProperty.required("client-id", "Client id"),
            ConfigProperty.secret("client-secret", "Client secret"),
            ConfigProperty.optional("scope-separator", "Separator", ","),
            ConfigProperty.optional("tenant", "Entra tenant"));

    @Test
    void resolveAppliesDefaultsAndMarksSecrets() {
        PluginConfig config = PluginConfig.resolve(declared, Map.of("client-id", "abc", "client-secret", "s3cr3t"));

        assertThat(config.clientId()).contains("abc");
        assertThat(config.clientSecret()).contains("s3cr3t");
        assertThat(config.setting("scope-separator")).contains(",");
        assertThat(config.setting("tenant")).isEmpty();
        assertThat(config.isSecret("client-secret")).isTrue();
        assertThat(config.masked()).containsEntry("client-secret", "****").containsEntry("client-id", "abc");
        assertThat(config.toString()).contains("client-id=abc").contains("client-secret=****").doesNotContain("s3cr3t");
    }

    @Test
    void resolveRejectsMissingAndUndeclaredPropertiesWithoutEchoingValues() {
        assertThatThrownBy(() -> PluginConfig.resolve(declared, Map.of("client-id", "abc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client-secret");
        assertThatThrownBy(() -> PluginConfig.resolve(declared,
                Map.of("client-id", "abc", "client-secret", "s", "clientsecret", "s3cr3t-typo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientsecret")
                .hasMessageNotContaining("s3cr3t-typo");
    }

    @Test
    void requireFailsWithAPluginException() {
        assertThatThrownBy(() -> PluginConfig.empty().requireSetting("tenant"))
                .isInstanceOf(PluginException.class).hasMessageContaining("tenant");
        assertThatThrownBy(() -> PluginConfig.empty().setting("client-id"))
                .as("a component is read as a component").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsAndIssuersAreTypedListsAndIssuersAreValidatedAtLoad() {
        List<ConfigProperty> match = ProviderMatch.configProperties("a.example", "https://a.example");
        PluginConfig config = PluginConfig.resolve(match, Map.of("hosts", " x.example, ,y.example",
                "issuers", "https://x.example/oauth,https://login.example/*"));

        assertThat(config.hosts()).containsExactly("x.example", "y.example");
        assertThat(config.issuers()).containsExactly("https://x.example/oauth", "https://login.example/*");
        assertThat(PluginConfig.resolve(match, Map.of()).issuers()).containsExactly("https://a.example");
        assertThatThrownBy(() -> PluginConfig.resolve(match, Map.of("issuers", "not a uri")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuers")
                .hasMessageNotContaining("not a uri");
    }

    @Test
    void typedSettingAccessors() {
        List<ConfigProperty> props = List.of(ConfigProperty.optional("api", "API"),
                ConfigProperty.optional("extra", "Extras", "a, b"));
        PluginConfig config = PluginConfig.resolve(props, Map.of("api", "api://app-id"));

        assertThat(config.settingUri("api")).contains(java.net.URI.create("api://app-id"));
        assertThat(config.settingList("extra")).containsExactly("a", "b");
        assertThatThrownBy(() -> PluginConfig.resolve(props, Map.of("api", "relative")).settingUri("api"))
                .isInstanceOf(PluginException.class).hasMessageContaining("'api'").hasMessageNotContaining("relative");
    }

    @Test
    void configPropertyValidation() {
        assertThatThrownBy(() -> ConfigProperty.required("Client_Id", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfigProperty("key", "x", false, Optional.of("default"), true))
                .as("a secret with a default would ship the secret").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfigProperty("key", "x", true, Optional.of("d"), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ConfigProperty.optional("tenant", "Tenant").withRequired(true).required()).isTrue();
    }

    @Test
    void valuesAreImmutable() {
        PluginConfig config = PluginConfig.resolve(declared, Map.of("client-id", "abc", "client-secret", "s"));

        assertThatThrownBy(() -> config.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
