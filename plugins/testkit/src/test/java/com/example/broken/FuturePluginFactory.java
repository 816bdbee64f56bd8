package com.example.broken;

import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;
import dev.latchkey.spi.ProviderTarget;

/** A plugin built against a newer SPI major than this Latchkey's. Listed only by test jars. */
public final class FuturePluginFactory implements ProviderPluginFactory {

    @Override
    public String id() {
        return "future";
    }

    @Override
    public String version() {
        return "9.0.0";
    }

    @Override
    public String spiVersion() {
        return "3.0";
    }

    @Override
    public ProviderPlugin create() {
        return (ProviderTarget target) -> false;
    }
}
