package dev.latchkey.spi;

/**
 * A factory that states its id, version and SPI version once, in its constructor, instead of in
 * three methods. Pass {@code SPI_VERSION} from the plugin's own constructor:
 * {@code super("acme", "1.0.0", SPI_VERSION)} — {@code javac} copies the constant into the plugin's
 * class, so the plugin still reports the SPI it was built against.
 */
public abstract class AbstractProviderPluginFactory implements ProviderPluginFactory {

    private final String id;
    private final String version;
    private final String spiVersion;

    /**
     * @param id         the plugin's stable id, e.g. {@code github}
     * @param version    the plugin's own version, e.g. {@code 1.0.0}
     * @param spiVersion always {@code SPI_VERSION}, written in the plugin's class
     */
    protected AbstractProviderPluginFactory(String id, String version, String spiVersion) {
        this.id = Checks.nonBlank(id, "id");
        this.version = Checks.nonBlank(version, "version");
        this.spiVersion = Checks.nonBlank(spiVersion, "spiVersion");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String spiVersion() {
        return spiVersion;
    }
}
