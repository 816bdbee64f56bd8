package dev.latchkey.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The validated configuration of one plugin, passed to {@link ProviderPluginFactory#init(PluginConfig)}
 * and available to hooks through {@link ProviderContext#config()}. Built by the engine with
 * {@link #resolve}, which applies defaults and rejects missing, unknown or malformed properties, so a
 * plugin reads typed values instead of parsing strings.
 *
 * <p>The properties most plugins share have their own components: {@value #CLIENT_ID},
 * {@value #CLIENT_SECRET} (always secret), {@value #HOSTS} and {@value #ISSUERS} (comma-separated
 * lists in the operator's configuration). Every other declared property is a <em>setting</em>, read
 * with {@link #setting}, {@link #requireSetting}, {@link #settingList} or {@link #settingUri}.
 *
 * <p>{@link #toString()} and {@link #masked()} hide secret values.
 *
 * @param clientId       the provider app's client id, if configured
 * @param clientSecret   the provider app's client secret, if configured
 * @param hosts          MCP server hosts the plugin serves (subdomains included); empty if none
 * @param issuers        authorization server issuers the plugin serves: absolute URIs, or prefixes
 *                       ending in {@code /*}; empty if none
 * @param settings       every other property's value by name (defaults already applied)
 * @param secretSettings names of settings whose values are secrets
 */
public record PluginConfig(Optional<String> clientId, Optional<String> clientSecret, List<String> hosts,
                           List<String> issuers, Map<String, String> settings, Set<String> secretSettings) {

    /** The client id property. */
    public static final String CLIENT_ID = "client-id";
    /** The client secret property; its value is always treated as a secret. */
    public static final String CLIENT_SECRET = "client-secret";
    /** The comma-separated hosts property. */
    public static final String HOSTS = "hosts";
    /** The comma-separated issuers property. */
    public static final String ISSUERS = "issuers";

    private static final Set<String> KNOWN = Set.of(CLIENT_ID, CLIENT_SECRET, HOSTS, ISSUERS);

    /** Validates and copies; the typed components are never also settings. */
    public PluginConfig {
        Checks.optional(clientId, "clientId");
        Checks.optional(clientSecret, "clientSecret");
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
        issuers = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
        issuers.forEach(issuer -> Checks.issuerBinding(issuer, "issuers"));
        settings = Checks.map(settings, "settings");
        secretSettings = Set.copyOf(Objects.requireNonNull(secretSettings, "secretSettings"));
        for (String name : settings.keySet()) {
            if (KNOWN.contains(name)) {
                throw new IllegalArgumentException(name + " is a component of PluginConfig, not a setting");
            }
        }
    }

    /** A configuration without any values. */
    public static PluginConfig empty() {
        return new PluginConfig(Optional.empty(), Optional.empty(), List.of(), List.of(), Map.of(), Set.of());
    }

    /**
     * Validates operator-supplied values against a plugin's declared properties.
     *
     * @param declared the plugin's {@link ProviderPluginFactory#configProperties()}
     * @param supplied the values from the operator's configuration
     * @return the configuration with defaults applied and secrets marked
     * @throws IllegalArgumentException naming (never echoing) a missing, blank-required, undeclared
     *                                  or malformed property
     */
    public static PluginConfig resolve(List<ConfigProperty> declared, Map<String, String> supplied) {
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(supplied, "supplied");
        Map<String, ConfigProperty> byName = new LinkedHashMap<>();
        declared.forEach(p -> byName.put(p.name(), p));
        Set<String> unknown = new TreeSet<>(supplied.keySet());
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("undeclared plugin config properties: " + unknown);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty property : byName.values()) {
            String value = supplied.get(property.name());
            if (value == null || value.isBlank()) {
                if (property.required()) {
                    throw new IllegalArgumentException("missing required plugin config property: " + property.name());
                }
                property.defaultValue().ifPresent(d -> values.put(property.name(), d));
            } else {
                values.put(property.name(), value);
            }
        }
        List<String> issuers = split(values.remove(ISSUERS));
        for (String issuer : issuers) {
            try {
                Checks.issuerBinding(issuer, ISSUERS);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plugin config property " + ISSUERS
                        + " must list absolute URIs with a host (a trailing /* matches every issuer below)");
            }
        }
        Set<String> secrets = declared.stream().filter(ConfigProperty::secret).map(ConfigProperty::name)
                .filter(name -> !KNOWN.contains(name)).collect(Collectors.toSet());
        return new PluginConfig(Optional.ofNullable(values.remove(CLIENT_ID)),
                Optional.ofNullable(values.remove(CLIENT_SECRET)), split(values.remove(HOSTS)), issuers, values,
                secrets);
    }

    /**
     * The value of a setting (any property other than the four components), if configured or defaulted.
     *
     * @throws IllegalArgumentException for {@value #CLIENT_ID}, {@value #CLIENT_SECRET}, {@value #HOSTS}
     *                                  or {@value #ISSUERS}: read their components instead
     */
    public Optional<String> setting(String name) {
        Objects.requireNonNull(name, "name");
        if (KNOWN.contains(name)) {
            throw new IllegalArgumentException(name + " is not a setting: read its PluginConfig component");
        }
        return Optional.ofNullable(settings.get(name));
    }

    /**
     * The value of a setting.
     *
     * @throws PluginException if the setting has no value
     */
    public String requireSetting(String name) {
        return setting(name).orElseThrow(() -> notSet(name));
    }

    /** A comma-separated setting as a list, blank entries dropped; empty when not set. */
    public List<String> settingList(String name) {
        return split(setting(name).orElse(null));
    }

    /**
     * A setting that holds an absolute URI.
     *
     * @throws PluginException naming the setting when the value is not an absolute URI
     */
    public Optional<URI> settingUri(String name) {
        return setting(name).map(value -> {
            try {
                URI uri = new URI(value);
                if (uri.isAbsolute()) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, without the value
            }
            throw new PluginException("plugin config property '" + name + "' must be an absolute URI");
        });
    }

    /** Whether {@code name}'s value is a secret. */
    public boolean isSecret(String name) {
        return CLIENT_SECRET.equals(name) || secretSettings.contains(name);
    }

    /**
     * Every configured value by property name, sorted, secrets replaced by {@code ****}, lists
     * comma-joined: what the console and API may show.
     */
    public SortedMap<String, String> masked() {
        SortedMap<String, String> out = new TreeMap<>();
        clientId.ifPresent(id -> out.put(CLIENT_ID, id));
        clientSecret.ifPresent(s -> out.put(CLIENT_SECRET, "****"));
        if (!hosts.isEmpty()) {
            out.put(HOSTS, String.join(",", hosts));
        }
        if (!issuers.isEmpty()) {
            out.put(ISSUERS, String.join(",", issuers));
        }
        settings.forEach((name, value) -> out.put(name, isSecret(name) ? "****" : value));
        return out;
    }

    /** Lists values with secrets replaced by {@code ****}. */
    @Override
    public String toString() {
        return "PluginConfig" + masked().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static PluginException notSet(String name) {
        return new PluginException("plugin config property '" + name + "' is not set");
    }

    private static List<String> split(String value) {
        return Checks.commaList(value);
    }
}
