package dev.latchkey.plugins.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.Parameters;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Slack hooks in isolation; the end-to-end proof is SlackPluginTest in plugins/testkit. */
class SlackPluginTest {

    @Test
    void liftsTheUserTokenAndKeepsTheExpiryUnknown() {
        SlackPluginFactory factory = new SlackPluginFactory();
        factory.init(PluginConfig.resolve(factory.configProperties(), Map.of()));
        ProviderPlugin plugin = factory.create();
        ProviderContext context = new ProviderContext(URI.create("https://mcp.slack.com/mcp"), "https://mcp.slack.com/mcp",
                Optional.of("https://slack.com"), "flw_1", PluginConfig.empty());
        TokenResponse nested = TokenResponse.ofFields(200, Parameters.of("ok", "true",
                "authed_user.id", "U1", "authed_user.access_token", "xoxp-1", "authed_user.token_type", "user"));

        TokenResponse normalized = plugin.normalizeTokenResponse(nested, TokenRequest.GrantType.AUTHORIZATION_CODE, context);

        assertThat(normalized.accessToken()).contains("xoxp-1");
        assertThat(normalized.tokenType()).contains("Bearer");
        assertThat(normalized.expiresIn()).isEmpty();
        assertThat(normalized.refreshToken()).isEmpty();
    }
}
