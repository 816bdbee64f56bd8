package dev.latchkey.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin for a provider without dynamic registration (GitHub, Slack, Entra) repeats: which
 * servers and issuers it serves, and the operator's own provider app ({@code client-id} and
 * {@code client-secret}) bound to those issuers. Pair it with {@link ProviderAppPlugin}, which
 * implements {@code appliesTo} and {@code chooseRegistration} from it.
 *
 * @param match  the servers and issuers the plugin serves
 * @param client the configured app, bound to the issuers its credentials belong to; empty if none
 */
public record ProviderApp(ProviderMatch match, Optional<PreRegisteredClient> client) {

    /** Validates that both are present. */
    public ProviderApp {
        Objects.requireNonNull(match, "match");
        Checks.optional(client, "client");
    }

    /**
     * The rule alone, before any configuration: the plugin's defaults.
     *
     * @param hosts   comma-separated hosts, e.g. {@code "github.com,githubcopilot.com"}
     * @param issuers comma-separated issuers, e.g. {@code "https://github.com/login/oauth"}
     * @return an app rule without credentials
     */
    public static ProviderApp of(String hosts, String issuers) {
        return new ProviderApp(ProviderMatch.of(hosts, issuers), Optional.empty());
    }

    /**
     * The four properties, all optional: {@code client-id}, {@code client-secret} (secret),
     * {@code hosts} and {@code issuers} with the plugin's defaults.
     *
     * @param app            what the credentials belong to, e.g. {@code "your GitHub OAuth app"}
     * @param defaultHosts   comma-separated hosts served when not configured
     * @param defaultIssuers comma-separated issuers served (and credentials bound to) when not configured
     * @return the properties to list in {@link ProviderPluginFactory#configProperties()}
     */
    public static List<ConfigProperty> configProperties(String app, String defaultHosts, String defaultIssuers) {
        List<ConfigProperty> properties = new ArrayList<>(List.of(
                ConfigProperty.optional(PluginConfig.CLIENT_ID, "Client id of " + app),
                ConfigProperty.secret(PluginConfig.CLIENT_SECRET, "Client secret of " + app).withRequired(false)));
        properties.addAll(ProviderMatch.configProperties(defaultHosts, defaultIssuers));
        return List.copyOf(properties);
    }

    /**
     * The configured rule and confidential app. The credentials are bound to the configured issuers,
     * so they are sent to no other authorization server, whatever host the MCP server matched on.
     *
     * @param config     the plugin's resolved configuration
     * @param authMethod how the app authenticates at the token endpoint
     * @return the rule, with the app when both {@code client-id} and {@code client-secret} are set
     * @throws PluginException when only one of the two is set, or credentials are set and no issuer is
     */
    public static ProviderApp from(PluginConfig config, ClientAuthMethod authMethod) {
        ProviderMatch match = ProviderMatch.from(config);
        if (config.clientId().isPresent() != config.clientSecret().isPresent()) {
            throw new PluginException("set both client-id and client-secret, or neither");
        }
        if (config.clientId().isPresent() && match.issuers().isEmpty()) {
            throw new PluginException("client-id is set but issuers is empty: name the authorization server issuers"
                    + " these credentials belong to");
        }
        return new ProviderApp(match, config.clientId().map(id -> PreRegisteredClient
                .confidential(id, config.clientSecret().orElseThrow(), authMethod).boundTo(match.issuers())));
    }

    /**
     * The engine's proposal when it is the operator's own pre-registered client (configured for this
     * server) or when no app is configured (the engine then explains what to set); otherwise this app.
     *
     * @param proposed what the engine proposed
     * @return the choice to return from {@link ProviderPlugin#chooseRegistration}
     */
    public Optional<RegistrationChoice> choose(Optional<RegistrationChoice> proposed) {
        if (proposed.filter(PreRegisteredClient.class::isInstance).isPresent() || client.isEmpty()) {
            return proposed;
        }
        return client.map(RegistrationChoice.class::cast);
    }
}
