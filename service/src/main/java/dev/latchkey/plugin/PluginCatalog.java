package dev.latchkey.plugin;

import java.util.List;

/** Read side of the plugin registry, for the API and the admin console. */
public interface PluginCatalog {

    /**
     * Every loaded plugin and profile in the order they are applied (profiles first, then code
     * plugins), with the issuers they matched recently; matches are limited to {@code tenant} when
     * one is given, since they reveal which servers a tenant uses.
     */
    List<PluginInfo> plugins(java.util.Optional<String> tenant);

    /** All of them with matches from every tenant: for operators (the console). */
    default List<PluginInfo> plugins() {
        return plugins(java.util.Optional.empty());
    }
}
