package dev.latchkey.plugins.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProtectedResourceMetadata;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Google hooks in isolation; the end-to-end proof is GooglePluginTest in plugins/testkit. */
class GooglePluginTest {

    private final ProviderPlugin plugin = start();
    private final ProviderContext context = new ProviderContext(URI.create("https://workspace.googleapis.com/mcp"),
            "https://workspace.googleapis.com/mcp", Optional.empty(), "flw_1", PluginConfig.empty());

    @Test
    void dropsOnlyASingleRootSlashFromIssuers() {
        ProtectedResourceMetadata prm = new ProtectedResourceMetadata("https://workspace.googleapis.com/mcp",
                List.of("https://accounts.google.com/", "https://login.example.com/tenant/"), List.of(), Optional.empty(),
                List.of());
        assertThat(plugin.patchProtectedResourceMetadata(prm, context).authorizationServers())
                .containsExactly("https://accounts.google.com", "https://login.example.com/tenant/");
    }

    @Test
    void asksForOfflineAccessAndMergesConsentIntoAnExistingPrompt() {
        AuthorizationRequest request = AuthorizationRequest.of(URI.create("https://accounts.google.com/o/oauth2/v2/auth"),
                List.of("openid"), "https://workspace.googleapis.com/mcp").withParameter("prompt", "select_account");
        AuthorizationRequest custom = plugin.customizeAuthorizationRequest(request, context);
        assertThat(custom.extraParameters().first("access_type")).contains("offline");
        assertThat(custom.extraParameters().first("prompt")).contains("select_account consent");
        assertThat(plugin.customizeAuthorizationRequest(custom, context)).isEqualTo(custom);
    }

    private static ProviderPlugin start() {
        GooglePluginFactory factory = new GooglePluginFactory();
        factory.init(PluginConfig.resolve(factory.configProperties(), Map.of()));
        return factory.create();
    }
}
