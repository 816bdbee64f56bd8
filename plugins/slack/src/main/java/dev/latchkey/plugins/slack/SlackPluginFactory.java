package dev.latchkey.plugins.slack;

import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.ProviderApp;
import dev.latchkey.spi.ProviderAppPlugin;
import dev.latchkey.spi.ProviderAppPluginFactory;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;

/**
 * Slack (provider-quirks #3, #4): no dynamic registration, so your own Slack app is used;
 * comma-separated scopes; the user token is nested under {@code authed_user} with
 * {@code token_type: user}; no {@code expires_in} and no refresh token, which the engine stores as
 * "no known expiry" rather than inventing one.
 */
public final class SlackPluginFactory extends ProviderAppPluginFactory {

    public SlackPluginFactory() {
        super("slack", "1.0.0", SPI_VERSION, "your Slack app", "slack.com", "https://slack.com",
                ClientAuthMethod.CLIENT_SECRET_POST);
    }

    @Override
    protected ProviderPlugin create(ProviderApp app) {
        return new SlackPlugin(app);
    }

    /** The hooks; stateless. */
    record SlackPlugin(ProviderApp app) implements ProviderAppPlugin {

        @Override
        public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request, ProviderContext context) {
            return request.withScopeSeparator(",");
        }

        @Override
        public TokenResponse normalizeTokenResponse(TokenResponse response, TokenRequest.GrantType grantType,
                                                    ProviderContext context) {
            if (response.field("authed_user.access_token").isEmpty()) {
                return response;
            }
            // A Slack user token is presented as a Bearer token; Slack labels it "user".
            return response.withFieldsLiftedFrom("authed_user").withField("token_type", "Bearer");
        }
    }
}
