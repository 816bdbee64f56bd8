package dev.latchkey.plugins.google;

import dev.latchkey.spi.AbstractProviderPluginFactory;
import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.ConfigProperty;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProtectedResourceMetadata;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderMatch;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderTarget;
import java.net.URI;
import java.util.List;

/**
 * Google (provider-quirks #5, #7): a refresh token is issued only with {@code access_type=offline}
 * and, on re-consent, only when {@code consent} is in {@code prompt} (merged with any prompt already
 * requested); Google Workspace MCP's resource metadata lists {@code https://accounts.google.com/}
 * while the metadata's issuer has no trailing slash.
 */
public final class GooglePluginFactory extends AbstractProviderPluginFactory {

    private ProviderMatch match = ProviderMatch.of("googleapis.com,google.com", "https://accounts.google.com");

    public GooglePluginFactory() {
        super("google", "1.0.0", SPI_VERSION);
    }

    @Override
    public List<ConfigProperty> configProperties() {
        return ProviderMatch.configProperties("googleapis.com,google.com", "https://accounts.google.com");
    }

    @Override
    public void init(PluginConfig config) {
        match = ProviderMatch.from(config);
    }

    @Override
    public ProviderPlugin create() {
        return new GooglePlugin(match);
    }

    /** The hooks; stateless. */
    static final class GooglePlugin implements ProviderPlugin {

        private final ProviderMatch match;

        GooglePlugin(ProviderMatch match) {
            this.match = match;
        }

        @Override
        public boolean appliesTo(ProviderTarget target) {
            return match.matches(target);
        }

        @Override
        public ProtectedResourceMetadata patchProtectedResourceMetadata(ProtectedResourceMetadata metadata,
                                                                        ProviderContext context) {
            List<String> servers = metadata.authorizationServers().stream().map(GooglePlugin::withoutRootSlash).toList();
            return servers.equals(metadata.authorizationServers()) ? metadata
                    : metadata.withAuthorizationServers(servers);
        }

        @Override
        public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request, ProviderContext context) {
            return request.withParameter("access_type", "offline").mergeParameter("prompt", "consent");
        }

        /** {@code https://accounts.google.com/} → {@code https://accounts.google.com}: a single slash at the root only. */
        static String withoutRootSlash(String issuer) {
            URI uri = URI.create(issuer);
            boolean rootSlash = "/".equals(uri.getRawPath()) && uri.getRawQuery() == null && uri.getRawFragment() == null;
            return rootSlash ? issuer.substring(0, issuer.length() - 1) : issuer;
        }
    }
}
