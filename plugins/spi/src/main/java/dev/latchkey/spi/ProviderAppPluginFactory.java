package dev.latchkey.spi;

import java.util.List;
import java.util.Objects;

/**
 * The factory half of a {@link ProviderAppPlugin}: declares {@code client-id}, {@code client-secret},
 * {@code hosts} and {@code issuers}, reads them into a {@link ProviderApp} at {@code init}, and hands
 * it to {@link #create(ProviderApp)}. The subclass passes its id, version and {@code SPI_VERSION}
 * up, as to {@link AbstractProviderPluginFactory}.
 */
public abstract class ProviderAppPluginFactory extends AbstractProviderPluginFactory {

    private final String appDescription;
    private final String defaultHosts;
    private final String defaultIssuers;
    private final ClientAuthMethod authMethod;
    private ProviderApp app;

    /**
     * @param id             the plugin's stable id
     * @param version        the plugin's own version
     * @param spiVersion     always {@code SPI_VERSION}, written in the plugin's class
     * @param appDescription what the credentials belong to, e.g. {@code "your GitHub OAuth app"}
     * @param defaultHosts   comma-separated hosts served when not configured
     * @param defaultIssuers comma-separated issuers served (and credentials bound to) when not configured
     * @param authMethod     how the app authenticates at the token endpoint
     */
    protected ProviderAppPluginFactory(String id, String version, String spiVersion, String appDescription,
                                       String defaultHosts, String defaultIssuers, ClientAuthMethod authMethod) {
        super(id, version, spiVersion);
        this.appDescription = Checks.nonBlank(appDescription, "appDescription");
        this.defaultHosts = Objects.requireNonNull(defaultHosts, "defaultHosts");
        this.defaultIssuers = Objects.requireNonNull(defaultIssuers, "defaultIssuers");
        this.authMethod = Objects.requireNonNull(authMethod, "authMethod");
        this.app = ProviderApp.of(defaultHosts, defaultIssuers);
    }

    @Override
    public List<ConfigProperty> configProperties() {
        return ProviderApp.configProperties(appDescription, defaultHosts, defaultIssuers);
    }

    @Override
    public void init(PluginConfig config) {
        app = ProviderApp.from(config, authMethod);
    }

    @Override
    public final ProviderPlugin create() {
        return create(app);
    }

    /**
     * Returns the plugin for the configured app, e.g. {@code new GitHubPlugin(app)}.
     *
     * @param app the rule and the operator's app, read at {@code init}
     * @return the plugin; called once
     */
    protected abstract ProviderPlugin create(ProviderApp app);
}
