package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginConfigTest {

    private final List<ConfigProperty> declared = List.of(
            ConfigProperty.required("client-id", "Client id"),
            ConfigProperty.secret("client-secret", "Client secret"),
            ConfigProperty.optional("scope-separator", "Separator", ","),
            ConfigProperty.optional("tenant", "Entra tenant"));

    @Test
    void resolveAppliesDefaultsAndMarksSecrets() {
        PluginConfig config = PluginConfig.resolve(declared, Map.of("client-id", "abc", "client-secret", "s3cr3t"));

        assertThat(config.require("client-id")).isEqualTo("abc");
        assertThat(config.get("scope-separator")).contains(",");
        assertThat(config.get("tenant")).isEmpty();
        assertThat(config.isSecret("client-secret")).isTrue();
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
        assertThatThrownBy(() -> PluginConfig.empty().require("client-id"))
                .isInstanceOf(PluginException.class).hasMessageContaining("client-id");
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

        assertThatThrownBy(() -> config.values().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
