package dev.latchkey.plugin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The last few targets each plugin applied to, per tenant: bounded, in memory, for the catalog. */
final class RecentMatches {

    private static final int PER_PLUGIN = 20;

    private final Clock clock;
    private final Map<String, LinkedHashMap<Key, Long>> byPlugin = new LinkedHashMap<>();

    RecentMatches(Clock clock) {
        this.clock = clock;
    }

    private record Key(String tenant, String target) {
    }

    synchronized void record(String plugin, Optional<String> tenant, String target) {
        LinkedHashMap<Key, Long> recent = byPlugin.computeIfAbsent(plugin, k -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
                return size() > PER_PLUGIN;
            }
        });
        recent.put(new Key(tenant.orElse(""), target), clock.millis());
    }

    /** Newest first; {@code tenant} empty means every tenant's. */
    synchronized List<PluginInfo.RecentMatch> of(String plugin, Optional<String> tenant) {
        Map<String, Long> latest = new LinkedHashMap<>();
        byPlugin.getOrDefault(plugin, new LinkedHashMap<>()).forEach((key, at) -> {
            if (tenant.isEmpty() || tenant.get().equals(key.tenant())) {
                latest.merge(key.target(), at, Math::max);
            }
        });
        List<PluginInfo.RecentMatch> out = new ArrayList<>();
        latest.forEach((target, at) -> out.add(new PluginInfo.RecentMatch(target, java.time.Instant.ofEpochMilli(at))));
        out.sort(Comparator.comparing(PluginInfo.RecentMatch::at).reversed());
        return out;
    }
}
