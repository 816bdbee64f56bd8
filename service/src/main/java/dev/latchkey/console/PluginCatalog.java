package dev.latchkey.console;

import java.util.List;

/** What the plugin system tells the console: which plugins and profiles are loaded. */
@FunctionalInterface
public interface PluginCatalog {

    /** Nothing loaded: the catalog in force until the plugin system provides its own. */
    PluginCatalog EMPTY = List::of;

    List<PluginInfo> plugins();
}
