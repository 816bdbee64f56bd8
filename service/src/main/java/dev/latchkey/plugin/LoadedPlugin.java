package dev.latchkey.plugin;

import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin ready to serve flows: its factory (empty for a declarative profile), the plugin instance,
 * its validated config, and where it came from ({@code built-in}, a jar path, or {@code config.yml}).
 */
public record LoadedPlugin(String id, String version, String spiVersion, Kind kind, String source,
                           Optional<ProviderPluginFactory> factory, ProviderPlugin plugin, PluginConfig config) {

    /** A code plugin or a declarative profile. */
    public enum Kind { PLUGIN, PROFILE }

    public static final String BUILT_IN = "built-in";

    public LoadedPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spiVersion, "spiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(config, "config");
    }

    /** The name used on timelines and in the audit log: the id, or {@code profile:name}. */
    public String displayName() {
        return kind == Kind.PROFILE ? "profile:" + id : id;
    }

    @Override
    public String toString() {
        return "LoadedPlugin[" + displayName() + " " + version + " from " + source + ", config " + config + "]";
    }
}
