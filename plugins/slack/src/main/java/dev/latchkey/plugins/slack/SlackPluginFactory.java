package dev.latchkey.plugins.slack;

import dev.latchkey.spi.AppCredentials;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.AuthorizationServerMetadata;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.ConfigProperty;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderMatch;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.RegistrationChoice;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Slack (provider-quirks #3, #4): no dynamic registration, so your own Slack app is used;
 * comma-separated scopes; the user token is nested under {@code authed_user} with
 * {@code token_type: user}; no {@code expires_in} and no refresh token, which the engine stores as
 * "no known expiry" rather than inventing one.
 */
public final class SlackPluginFactory implements ProviderPluginFactory {

    private ProviderMatch match = ProviderMatch.of("slack.com", "https://slack.com");
    private Optional<PreRegisteredClient> app = Optional.empty();

    @Override
    public String id() {
        return "slack";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<ConfigProperty> configProperties() {
        List<ConfigProperty> properties = new ArrayList<>(AppCredentials.configProperties("your Slack app"));
        properties.addAll(ProviderMatch.configProperties("slack.com", "https://slack.com"));
        return List.copyOf(properties);
    }

    @Override
    public void init(PluginConfig config) {
        match = ProviderMatch.from(config);
        app = AppCredentials.from(config, ClientAuthMethod.CLIENT_SECRET_POST, match);
    }

    @Override
    public ProviderPlugin create() {
        return new SlackPlugin(match, app);
    }

    /** The hooks; stateless. */
    static final class SlackPlugin implements ProviderPlugin {

        private final ProviderMatch match;
        private final Optional<PreRegisteredClient> app;

        SlackPlugin(ProviderMatch match, Optional<PreRegisteredClient> app) {
            this.match = match;
            this.app = app;
        }

        @Override
        public boolean appliesTo(ProviderTarget target) {
            return match.matches(target);
        }

        @Override
        public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                               AuthorizationServerMetadata metadata,
                                                               ProviderContext context) {
            if (proposed.filter(PreRegisteredClient.class::isInstance).isPresent() || app.isEmpty()) {
                return proposed;
            }
            return app.map(RegistrationChoice.class::cast);
        }

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
