package dev.latchkey.plugins.microsoft;

import dev.latchkey.spi.AbstractProviderPluginFactory;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.AuthorizationServerMetadata;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.ConfigProperty;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PreRegisteredClient;
import dev.latchkey.spi.ProviderApp;
import dev.latchkey.spi.ProviderAppPlugin;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderMatch;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import dev.latchkey.spi.TokenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft Entra ID v2 (provider-quirks #8): {@code resource} is rejected (AADSTS9010010), so it is
 * omitted from the authorization, token and refresh requests (declared); unqualified scopes resolve
 * to Graph (AADSTS650053), so scopes become {@code {api}/.default}; no PKCE metadata although S256
 * works (declared); no dynamic registration, so the configured app registration is used.
 */
public final class MicrosoftPluginFactory extends AbstractProviderPluginFactory {

    private static final String ENTRA_ISSUERS = "https://login.microsoftonline.com/*";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");
    private static final String RESOURCE_REASON = "Entra ID v2 rejects the resource parameter (AADSTS9010010)";

    private ProviderApp app = ProviderApp.of("microsoftonline.com", "");
    private Optional<String> api = Optional.empty();

    public MicrosoftPluginFactory() {
        super("microsoft", "1.0.0", SPI_VERSION);
    }

    @Override
    public List<ConfigProperty> configProperties() {
        return List.of(
                ConfigProperty.optional(PluginConfig.CLIENT_ID,
                        "Application (client) id of your Entra app registration"),
                ConfigProperty.secret(PluginConfig.CLIENT_SECRET,
                        "Client secret of the app registration; none for a public client").withRequired(false),
                ConfigProperty.optional("api", "Application ID URI whose /.default scope is requested, e.g. "
                        + "api://<app-id>; the MCP server's resource when not set"),
                ConfigProperty.optional(PluginConfig.HOSTS,
                        "MCP server hosts served (subdomains included), comma-separated", ""),
                ConfigProperty.optional(PluginConfig.ISSUERS, "Extra authorization server issuers served, "
                        + "comma-separated; https://login.microsoftonline.com/* always matches", ""));
    }

    @Override
    public void init(PluginConfig config) {
        ProviderMatch match = ProviderMatch.from(config);
        api = config.setting("api").map(a -> a.endsWith("/") ? a.substring(0, a.length() - 1) : a);
        // The app registration is Entra's: it goes to Entra's issuers (and any extra ones configured), nowhere else.
        List<String> binding = new ArrayList<>(match.issuers());
        binding.add(ENTRA_ISSUERS);
        // Unlike GitHub's and Slack's, an Entra app may be public: a client id alone is enough.
        app = new ProviderApp(match, config.clientId().map(id -> config.clientSecret()
                .map(secret -> PreRegisteredClient.confidential(id, secret, ClientAuthMethod.CLIENT_SECRET_POST))
                .orElseGet(() -> PreRegisteredClient.publicClient(id)).boundTo(binding)));
    }

    @Override
    public ProviderPlugin create() {
        return new EntraPlugin(app, api);
    }

    /** The hooks; stateless. */
    record EntraPlugin(ProviderApp app, Optional<String> api) implements ProviderAppPlugin {

        @Override
        public boolean appliesTo(ProviderTarget target) {
            return ProviderAppPlugin.super.appliesTo(target) || target.issuer()
                    .filter(i -> i.startsWith("https://login.microsoftonline.com/")).isPresent();
        }

        @Override
        public AuthorizationServerMetadata patchAuthorizationServerMetadata(AuthorizationServerMetadata metadata,
                                                                            ProviderContext context) {
            return metadata.assumeS256("Entra ID accepts S256 but its metadata omits code_challenge_methods_supported");
        }

        @Override
        public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request, ProviderContext context) {
            String target = api.orElse(context.canonicalResource()) + "/.default";
            AuthorizationRequest scoped = request.scopes().isEmpty() ? request.withScopes(List.of(target))
                    : request.mapScopes(s -> OIDC_SCOPES.contains(s) || s.endsWith("/.default") ? s : target);
            if (!scoped.scopes().contains("offline_access")) {
                List<String> withOffline = new ArrayList<>(scoped.scopes());
                withOffline.add("offline_access"); // Entra issues a refresh token only for offline_access
                scoped = scoped.withScopes(withOffline);
            }
            return scoped.withoutResource(RESOURCE_REASON);
        }

        @Override
        public TokenRequest customizeTokenRequest(TokenRequest request, ProviderContext context) {
            return request.withoutResource(RESOURCE_REASON);
        }

        @Override
        public TokenRequest customizeRefreshRequest(TokenRequest request, ProviderContext context) {
            return customizeTokenRequest(request, context);
        }
    }
}
