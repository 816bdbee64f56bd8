package dev.latchkey.spi;

import java.util.Objects;

/**
 * A version of this SPI, {@code major.minor}.
 *
 * <p>Rules: a minor release only adds (new hooks with do-nothing defaults, new record helpers,
 * new {@link RelaxationKind} constants); anything that could break a compiled plugin bumps the
 * major. The engine loads a plugin only when {@link #canLoad(SpiVersion)} holds: same major, and
 * a minor no newer than the engine's own, because a plugin built against a newer minor may call
 * methods the engine's copy of the SPI lacks.
 *
 * @param major incompatible revisions
 * @param minor compatible additions
 */
public record SpiVersion(int major, int minor) {

    /** The version of the SPI classes on the class path, i.e. the engine's. */
    public static final SpiVersion CURRENT = parse(ProviderPluginFactory.SPI_VERSION);

    /** Validates that both numbers are non-negative. */
    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version numbers must not be negative");
        }
    }

    /**
     * Parses {@code "major.minor"}, e.g. {@code "1.0"}.
     *
     * @throws IllegalArgumentException if the text is not two dot-separated non-negative integers
     */
    public static SpiVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("\\.", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,6}") || !parts[1].matches("\\d{1,6}")) {
            throw new IllegalArgumentException("SPI version must look like 1.0");
        }
        return new SpiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /**
     * Whether an engine at this version may load a plugin built against {@code pluginVersion}.
     *
     * @param pluginVersion the version the plugin reports from
     *                      {@link ProviderPluginFactory#spiVersion()}
     * @return {@code true} when the majors are equal and the plugin's minor is not newer
     */
    public boolean canLoad(SpiVersion pluginVersion) {
        Objects.requireNonNull(pluginVersion, "pluginVersion");
        return major == pluginVersion.major && pluginVersion.minor <= minor;
    }

    /** Returns {@code major.minor}. */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
