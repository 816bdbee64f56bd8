package dev.latchkey.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration property a plugin declares in
 * {@link ProviderPluginFactory#configProperties()}. The engine validates operator configuration
 * against these declarations (see {@link PluginConfig#resolve}), renders them generically in the
 * console, and never displays or logs the value of a {@linkplain #secret() secret} property.
 *
 * @param name         lower-case key such as {@code client-id} ({@code [a-z][a-z0-9._-]*})
 * @param description  one line for the operator
 * @param required     whether the operator must supply a value
 * @param defaultValue the value used when none is supplied; only for optional, non-secret
 *                     properties
 * @param secret       whether the value is a credential (masked, stored encrypted, never logged)
 */
public record ConfigProperty(String name, String description, boolean required,
                             Optional<String> defaultValue, boolean secret) {

    /** Validates the name pattern and that defaults go only with optional, non-secret values. */
    public ConfigProperty {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9._-]*")) {
            throw new IllegalArgumentException("config property name must match [a-z][a-z0-9._-]*: " + name);
        }
        Checks.nonBlank(description, "description");
        Checks.optional(defaultValue, "defaultValue");
        if (defaultValue.isPresent() && required) {
            throw new IllegalArgumentException("required property '" + name + "' cannot have a default");
        }
        if (defaultValue.isPresent() && secret) {
            throw new IllegalArgumentException("secret property '" + name + "' cannot have a default");
        }
    }

    /** A required, non-secret property. */
    public static ConfigProperty required(String name, String description) {
        return new ConfigProperty(name, description, true, Optional.empty(), false);
    }

    /** An optional, non-secret property with a default value. */
    public static ConfigProperty optional(String name, String description, String defaultValue) {
        return new ConfigProperty(name, description, false, Optional.of(defaultValue), false);
    }

    /** An optional, non-secret property without a default. */
    public static ConfigProperty optional(String name, String description) {
        return new ConfigProperty(name, description, false, Optional.empty(), false);
    }

    /** A required secret, e.g. a pre-registered client secret. */
    public static ConfigProperty secret(String name, String description) {
        return new ConfigProperty(name, description, true, Optional.empty(), true);
    }

    /** Returns a copy with a different {@code required} flag. */
    public ConfigProperty withRequired(boolean newRequired) {
        return new ConfigProperty(name, description, newRequired, defaultValue, secret);
    }
}
