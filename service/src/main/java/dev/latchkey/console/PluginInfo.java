package dev.latchkey.console;

import java.util.List;
import java.util.Objects;

/** A loaded provider plugin or profile as the console lists it. */
public record PluginInfo(String name, String kind, String version, String source, List<String> recentIssuers) {

    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
        recentIssuers = List.copyOf(recentIssuers);
    }
}
