package dev.latchkey.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The validated configuration values of one plugin, passed to
 * {@link ProviderPluginFactory#init(PluginConfig)} and available to hooks through
 * {@link ProviderContext#config()}. Built by the engine with {@link #resolve}, which applies
 * defaults and rejects missing or unknown properties.
 *
 * <p>{@link #toString()} masks the values of secret properties.
 *
 * @param values      property values by name (defaults already applied)
 * @param secretNames names whose values are secrets
 */
public record PluginConfig(Map<String, String> values, Set<String> secretNames) {

    /** Copies both collections. */
    public PluginConfig {
        values = Checks.map(values, "values");
        secretNames = Set.copyOf(Objects.requireNonNull(secretNames, "secretNames"));
    }

    /** A configuration without any values. */
    public static PluginConfig empty() {
        return new PluginConfig(Map.of(), Set.of());
    }

    /**
     * Validates operator-supplied values against a plugin's declared properties.
     *
     * @param declared the plugin's {@link ProviderPluginFactory#configProperties()}
     * @param supplied the values from the operator's configuration
     * @return the configuration with defaults applied and secrets marked
     * @throws IllegalArgumentException naming (never echoing) a missing, blank-required or
     *                                  undeclared property
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
        Set<String> secrets = declared.stream().filter(ConfigProperty::secret)
                .map(ConfigProperty::name).collect(Collectors.toSet());
        return new PluginConfig(values, secrets);
    }

    /** The value of {@code name}, if configured or defaulted. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * The value of {@code name}.
     *
     * @throws PluginException if the property has no value
     */
    public String require(String name) {
        return get(name).orElseThrow(() -> new PluginException("plugin config property '" + name + "' is not set"));
    }

    /** Whether {@code name} is a secret property. */
    public boolean isSecret(String name) {
        return secretNames.contains(name);
    }

    /** Lists values with secrets replaced by {@code ****}. */
    @Override
    public String toString() {
        return "PluginConfig" + new java.util.TreeMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "****" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
