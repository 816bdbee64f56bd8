package com.example.latchkey;

import dev.latchkey.spi.AuthorizationRequest;
import dev.latchkey.spi.ConfigProperty;
import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.ProviderContext;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;
import dev.latchkey.spi.ProviderTarget;
import java.util.List;

/**
 * The plugin docs/plugins.md builds: for the configured host, it adds one extra parameter to the
 * authorization request (think Dropbox's {@code token_access_type=offline} or Reddit's
 * {@code duration=permanent}, provider-quirks #25).
 */
public final class ExamplePluginFactory implements ProviderPluginFactory {

    private String host = "example.com";
    private String name = "token_access_type";
    private String value = "offline";

    @Override
    public String id() {
        return "example";
    }

    @Override
    public String version() {
        return "1.2.3";
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION; // inlined at compile time: the SPI version this jar was built against
    }

    @Override
    public List<ConfigProperty> configProperties() {
        return List.of(
                ConfigProperty.required("host", "MCP server host (and its subdomains) this plugin serves"),
                ConfigProperty.optional("parameter", "Name of the extra authorization parameter", "token_access_type"),
                ConfigProperty.optional("value", "Its value", "offline"));
    }

    @Override
    public void init(PluginConfig config) {
        host = config.requireSetting("host");
        name = config.requireSetting("parameter");
        value = config.requireSetting("value");
    }

    @Override
    public ProviderPlugin create() {
        String h = host;
        String n = name;
        String v = value;
        return new ProviderPlugin() {
            @Override
            public boolean appliesTo(ProviderTarget target) {
                return target.hostIsWithin(h);
            }

            @Override
            public AuthorizationRequest customizeAuthorizationRequest(AuthorizationRequest request,
                                                                      ProviderContext context) {
                return request.withParameter(n, v);
            }
        };
    }
}
