package dev.latchkey.spi;

import java.util.List;

/**
 * The entry point of a plugin jar, discovered with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/dev.latchkey.spi.ProviderPluginFactory}. It needs
 * a public no-argument constructor.
 *
 * <p>Lifecycle, driven by the engine once per factory at start-up:
 * <ol>
 *   <li>instantiate through {@code ServiceLoader}; read {@link #id()}, {@link #version()} and
 *       {@link #spiVersion()}; skip the plugin (with a logged reason) when
 *       {@link SpiVersion#canLoad} fails or the id is malformed or taken;</li>
 *   <li>read {@link #configProperties()} and build a {@link PluginConfig} from the operator's
 *       values with {@link PluginConfig#resolve};</li>
 *   <li>{@link #init(PluginConfig)} — a {@link PluginException} here disables the plugin;</li>
 *   <li>{@link #create()} once; the returned plugin serves all flows concurrently;</li>
 *   <li>{@link #close()} at shutdown, even if {@code init} failed.</li>
 * </ol>
 */
public interface ProviderPluginFactory extends AutoCloseable {

    /**
     * The SPI version, {@code major.minor}, of the classes this code was compiled against.
     * Deliberately a compile-time constant string: {@code javac} copies its value into the
     * plugin's class file, so {@code return SPI_VERSION;} in a plugin reports the version it was
     * built with, not the engine's.
     */
    String SPI_VERSION = "2.0";

    /**
     * A stable id, unique among loaded plugins, matching {@code [a-z0-9][a-z0-9-]*}, e.g.
     * {@code github}; used in configuration keys and audit entries.
     */
    String id();

    /** The plugin's own version, for the console and audit log, e.g. {@code 1.2.0}. */
    String version();

    /**
     * The SPI version this plugin was built against. Implement it in the plugin class exactly as
     * {@code return SPI_VERSION;} (there is intentionally no default: a default method would
     * report the engine's version).
     */
    String spiVersion();

    /** The configuration properties this plugin understands; none by default. */
    default List<ConfigProperty> configProperties() {
        return List.of();
    }

    /**
     * Receives the validated configuration before {@link #create()}. Throw
     * {@link PluginException} to refuse it.
     */
    default void init(PluginConfig config) {
    }

    /** Returns the plugin; called once after a successful {@link #init(PluginConfig)}. */
    ProviderPlugin create();

    /** Releases resources; called once at shutdown. Must not throw. */
    @Override
    default void close() {
    }
}
