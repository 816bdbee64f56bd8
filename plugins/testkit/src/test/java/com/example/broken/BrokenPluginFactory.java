package com.example.broken;

import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PluginException;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;

/** A plugin whose init fails, as one that cannot reach its licence server would. Listed only by test jars. */
public final class BrokenPluginFactory implements ProviderPluginFactory {

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public String version() {
        return "0.0.1";
    }

    @Override
    public String spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public void init(PluginConfig config) {
        throw new PluginException("the licence server is unreachable");
    }

    @Override
    public ProviderPlugin create() {
        throw new IllegalStateException("never created");
    }
}
