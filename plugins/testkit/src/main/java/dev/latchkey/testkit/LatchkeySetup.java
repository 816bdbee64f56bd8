package dev.latchkey.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start Latchkey for a test: plugin jars to install, plugins to disable, plugin properties
 * ({@code plugins.config.<id>.<property>}) and declarative profiles ({@code plugins.profiles}, as
 * the maps config.yml would hold). Everything else is the embedded default, on a temporary H2.
 */
public final class LatchkeySetup {

    final List<Path> jars = new ArrayList<>();
    final List<String> disabled = new ArrayList<>();
    final Map<String, Map<String, String>> pluginConfig = new LinkedHashMap<>();
    final List<Map<String, Object>> profiles = new ArrayList<>();

    /** Copies a plugin jar into this instance's plugin directory, as an operator installs one. */
    public LatchkeySetup installPlugin(Path jar) {
        jars.add(jar);
        return this;
    }

    /** {@code plugins.disabled}: ids of built-in or jar plugins not to load. */
    public LatchkeySetup disable(String... ids) {
        disabled.addAll(List.of(ids));
        return this;
    }

    /** {@code plugins.config.<id>.<property>: value}. */
    public LatchkeySetup pluginConfig(String id, String property, String value) {
        pluginConfig.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(property, value);
        return this;
    }

    /** One entry of {@code plugins.profiles}, e.g. {@code Map.of("name", "acme", "issuers", List.of(issuer))}. */
    public LatchkeySetup profile(Map<String, Object> profile) {
        profiles.add(Map.copyOf(profile));
        return this;
    }
}
