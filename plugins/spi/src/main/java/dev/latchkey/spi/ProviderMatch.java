package dev.latchkey.spi;

import java.util.List;
import java.util.Objects;

/**
 * A ready-made {@link ProviderPlugin#appliesTo} rule for the common case: a plugin serves MCP servers
 * on some hosts (subdomains included) and authorization servers with some exact issuers, both
 * usually taken from its configuration as comma-separated lists.
 *
 * @param hosts   host names whose servers (and subdomains) the plugin serves
 * @param issuers exact issuer strings the plugin serves
 */
public record ProviderMatch(List<String> hosts, List<String> issuers) {

    /** Validates and copies. */
    public ProviderMatch {
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
        issuers = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
    }

    /**
     * Builds the rule from two comma-separated lists (blank entries are ignored).
     *
     * @param hosts   e.g. {@code "github.com,githubcopilot.com"}
     * @param issuers e.g. {@code "https://github.com/login/oauth"}
     * @return the rule
     */
    public static ProviderMatch of(String hosts, String issuers) {
        return new ProviderMatch(split(hosts), split(issuers));
    }

    /**
     * The two configuration properties this rule is read from, {@code hosts} and {@code issuers},
     * with the plugin's defaults.
     *
     * @param defaultHosts   comma-separated hosts served when not configured
     * @param defaultIssuers comma-separated issuers served when not configured
     * @return the properties to list in {@link ProviderPluginFactory#configProperties()}
     */
    public static List<ConfigProperty> configProperties(String defaultHosts, String defaultIssuers) {
        return List.of(
                ConfigProperty.optional(PluginConfig.HOSTS, "MCP server hosts served (subdomains included), comma-separated",
                        defaultHosts),
                ConfigProperty.optional(PluginConfig.ISSUERS, "Authorization server issuers served, comma-separated",
                        defaultIssuers));
    }

    /**
     * The rule as configured through {@link #configProperties(String, String)}.
     *
     * @param config the plugin's resolved configuration
     * @return the rule
     */
    public static ProviderMatch from(PluginConfig config) {
        return new ProviderMatch(config.hosts(), config.issuers());
    }

    /**
     * Whether the target's server host lies within one of the hosts, or its issuer is one of the issuers.
     *
     * @param target the server (and issuer, once known) being handled
     * @return true when the plugin should act on it
     */
    public boolean matches(ProviderTarget target) {
        return hosts.stream().anyMatch(target::hostIsWithin)
                || target.issuer().filter(issuers::contains).isPresent();
    }

    private static List<String> split(String value) {
        return Checks.commaList(value);
    }
}
