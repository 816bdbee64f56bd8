package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppCredentialsTest {

    private final List<ConfigProperty> declared = AppCredentials.configProperties("your app");

    @Test
    void bothPropertiesMakeAConfidentialClientAndTheSecretStaysMasked() {
        PluginConfig config = PluginConfig.resolve(declared, Map.of("client-id", "abc", "client-secret", "s3cr3t"));

        PreRegisteredClient client = AppCredentials.from(config, ClientAuthMethod.CLIENT_SECRET_POST).orElseThrow();

        assertThat(client.clientId()).isEqualTo("abc");
        assertThat(client.clientSecret()).contains("s3cr3t");
        assertThat(client.authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(config.isSecret("client-secret")).isTrue();
    }

    @Test
    void neitherPropertyMeansNoClientAndOneAloneIsRefused() {
        assertThat(AppCredentials.from(PluginConfig.resolve(declared, Map.of()), ClientAuthMethod.CLIENT_SECRET_POST))
                .isEmpty();
        assertThatThrownBy(() -> AppCredentials.from(PluginConfig.resolve(declared, Map.of("client-id", "abc")),
                ClientAuthMethod.CLIENT_SECRET_POST)).isInstanceOf(PluginException.class)
                .hasMessageContaining("both client-id and client-secret");
    }
}
