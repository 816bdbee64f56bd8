package dev.latchkey.plugins.github;

import dev.latchkey.spi.AuthorizationServerMetadata;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.ProviderApp;
import dev.latchkey.spi.ProviderAppPlugin;
import dev.latchkey.spi.ProviderAppPluginFactory;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;

/**
 * GitHub (provider-quirks #1, #2): no dynamic registration ("DCR will never" be supported), so the
 * configured OAuth app is used; the metadata omits {@code code_challenge_methods_supported} although
 * S256 works; the token endpoint answers form-encoded unless asked for JSON, and reports errors
 * such as {@code bad_verification_code} with HTTP 200.
 */
public final class GitHubPluginFactory extends ProviderAppPluginFactory {

    static final String ID = "github";

    public GitHubPluginFactory() {
        super(ID, "1.0.0", SPI_VERSION, "your GitHub OAuth app", "github.com,githubcopilot.com",
                "https://github.com/login/oauth", ClientAuthMethod.CLIENT_SECRET_POST);
    }

    @Override
    protected ProviderPlugin create(ProviderApp app) {
        return new GitHubPlugin(app);
    }

    /** The hooks; stateless, so one instance serves every flow. */
    record GitHubPlugin(ProviderApp app) implements ProviderAppPlugin {

        @Override
        public AuthorizationServerMetadata patchAuthorizationServerMetadata(AuthorizationServerMetadata metadata,
                                                                            ProviderContext context) {
            return metadata.assumeS256("GitHub accepts S256 but its metadata omits code_challenge_methods_supported");
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
