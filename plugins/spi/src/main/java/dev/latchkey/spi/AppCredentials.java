package dev.latchkey.spi;

import java.util.List;
import java.util.Optional;

/**
 * A provider app's own credentials in a plugin's configuration — {@code client-id} and
 * {@code client-secret}, both or neither — as a confidential {@link PreRegisteredClient}.
 */
public final class AppCredentials {

    private AppCredentials() {
    }

    /**
     * The two configuration properties, both optional; the secret is marked secret.
     *
     * @param app what the credentials belong to, e.g. {@code "your GitHub OAuth app"}
     * @return the properties to list in {@link ProviderPluginFactory#configProperties()}
     */
    public static List<ConfigProperty> configProperties(String app) {
        return List.of(
                ConfigProperty.optional("client-id", "Client id of " + app),
                ConfigProperty.secret("client-secret", "Client secret of " + app).withRequired(false));
    }

    /**
     * The configured client, if both properties are set.
     *
     * @param config     the plugin's resolved configuration
     * @param authMethod how the client authenticates at the token endpoint
     * @return the client, or empty when neither property is set
     * @throws PluginException when only one of the two is set
     */
    public static Optional<PreRegisteredClient> from(PluginConfig config, ClientAuthMethod authMethod) {
        Optional<String> id = config.get("client-id");
        Optional<String> secret = config.get("client-secret");
        if (id.isPresent() != secret.isPresent()) {
            throw new PluginException("set both client-id and client-secret, or neither");
        }
        return id.map(clientId -> PreRegisteredClient.confidential(clientId, secret.orElseThrow(), authMethod));
    }

    /**
     * The configured client, bound to the issuers the plugin serves: the credentials are then sent
     * to no other authorization server, whatever host the MCP server matched on.
     *
     * @param config     the plugin's resolved configuration
     * @param authMethod how the client authenticates at the token endpoint
     * @param match      the plugin's rule; its {@link ProviderMatch#issuers()} become the binding
     * @return the bound client, or empty when neither property is set
     * @throws PluginException when only one of the two is set, or credentials are set and the rule
     *                         names no issuer
     */
    public static Optional<PreRegisteredClient> from(PluginConfig config, ClientAuthMethod authMethod,
                                                     ProviderMatch match) {
        Optional<PreRegisteredClient> client = from(config, authMethod);
        if (client.isPresent() && match.issuers().isEmpty()) {
            throw new PluginException("client-id is set but issuers is empty: name the authorization server issuers"
                    + " these credentials belong to");
        }
        return client.map(c -> c.boundTo(match.issuers()));
    }
}
