package dev.latchkey.plugins.github;

import dev.latchkey.spi.AppCredentials;
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
 * GitHub (provider-quirks #1, #2): no dynamic registration ("DCR will never" be supported), so the
 * configured OAuth app is used; the metadata omits {@code code_challenge_methods_supported} although
 * S256 works; the token endpoint answers form-encoded unless asked for JSON, and reports errors
 * such as {@code bad_verification_code} with HTTP 200.
 */
public final class GitHubPluginFactory implements ProviderPluginFactory {

    static final String ID = "github";

    private ProviderMatch match = ProviderMatch.of("github.com,githubcopilot.com", "https://github.com/login/oauth");
    private Optional<PreRegisteredClient> app = Optional.empty();

    @Override
    public String id() {
        return ID;
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
        List<ConfigProperty> properties = new ArrayList<>(AppCredentials.configProperties("your GitHub OAuth app"));
        properties.addAll(ProviderMatch.configProperties("github.com,githubcopilot.com",
                "https://github.com/login/oauth"));
        return List.copyOf(properties);
    }

    @Override
    public void init(PluginConfig config) {
        match = ProviderMatch.from(config);
        app = AppCredentials.from(config, ClientAuthMethod.CLIENT_SECRET_POST, match);
    }

    @Override
    public ProviderPlugin create() {
        return new GitHubPlugin(match, app);
    }

    /** The hooks; stateless, so one instance serves every flow. */
    static final class GitHubPlugin implements ProviderPlugin {

        private final ProviderMatch match;
        private final Optional<PreRegisteredClient> app;

        GitHubPlugin(ProviderMatch match, Optional<PreRegisteredClient> app) {
            this.match = match;
            this.app = app;
        }

        @Override
        public boolean appliesTo(ProviderTarget target) {
            return match.matches(target);
        }

        @Override
        public AuthorizationServerMetadata patchAuthorizationServerMetadata(AuthorizationServerMetadata metadata,
                                                                            ProviderContext context) {
            return metadata.assumeS256("GitHub accepts S256 but its metadata omits code_challenge_methods_supported");
        }

        @Override
        public Optional<RegistrationChoice> chooseRegistration(Optional<RegistrationChoice> proposed,
                                                               AuthorizationServerMetadata metadata,
                                                               ProviderContext context) {
            if (proposed.filter(PreRegisteredClient.class::isInstance).isPresent() || app.isEmpty()) {
                return proposed; // the operator's own credentials win; without any, the engine explains what to set
            }
            return app.map(RegistrationChoice.class::cast);
        }

        @Override
        public TokenRequest customizeTokenRequest(TokenRequest request, ProviderContext context) {
            return request.withHeader("Accept", "application/json");
        }

        @Override
        public TokenRequest customizeRefreshRequest(TokenRequest request, ProviderContext context) {
            return customizeTokenRequest(request, context);
        }

        @Override
        public TokenResponse normalizeTokenResponse(TokenResponse response, TokenRequest.GrantType grantType,
                                                    ProviderContext context) {
            // Older GitHub endpoints ignore Accept and send a form body, sometimes labelled text/plain.
            boolean formBody = response.fields().isEmpty() && response.body().contains("=")
                    && !response.body().strip().startsWith("{");
            TokenResponse parsed = formBody ? response.withFieldsFromFormBody() : response;
            return parsed.withDefaultTokenType("Bearer");
        }
    }
}
