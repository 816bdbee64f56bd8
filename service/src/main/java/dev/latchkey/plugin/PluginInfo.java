package dev.latchkey.plugin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the API and the console show about a loaded plugin or profile. {@code config} holds the
 * effective values with secrets replaced by {@code ****}.
 */
public record PluginInfo(String id, String kind, String version, String spiVersion, String source,
                         Map<String, String> config, List<RecentMatch> recentMatches) {

    public PluginInfo {
        config = Map.copyOf(config);
        recentMatches = List.copyOf(recentMatches);
    }

    /** An issuer (or, before discovery, a server host) the plugin applied to, and when it last did. */
    public record RecentMatch(String target, Instant at) {
    }
}
