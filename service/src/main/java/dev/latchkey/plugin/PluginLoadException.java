package dev.latchkey.plugin;

/** A plugin or profile that cannot be loaded: start-up stops with this message, which names it and why. */
public final class PluginLoadException extends RuntimeException {

    public PluginLoadException(String message) {
        super(message, null, false, false);
    }
}
