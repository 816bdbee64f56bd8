package dev.latchkey.plugin;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.metrics.DomainMetrics;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider plugins, wired: loads them (start-up stops on a broken one), closes them at shutdown,
 * serves {@code GET /v1/plugins}, and hands the engine its {@link ProviderHooks} and the console its
 * {@link PluginCatalog}.
 */
public final class PluginFeature implements PluginCatalog {

    private final ProviderHooks hooks;

    private PluginFeature(ProviderHooks hooks) {
        this.hooks = hooks;
    }

    public static PluginFeature install(Environment environment, PluginsFactory config, AuditLog audit, Clock clock,
                                        DomainMetrics metrics) {
        PluginLoader.Loaded loaded = PluginLoader.load(config, Path.of("").toAbsolutePath());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                loaded.close();
            }
        });
        PluginFeature feature = new PluginFeature(new ProviderHooks(loaded.plugins(), audit, clock, metrics));
        environment.jersey().register(new PluginResource(feature));
        return feature;
    }

    /** For tests that wire the engine by hand. */
    public static PluginFeature of(ProviderHooks hooks) {
        return new PluginFeature(hooks);
    }

    public ProviderHooks hooks() {
        return hooks;
    }

    @Override
    public List<PluginInfo> plugins(Optional<String> tenant) {
        List<PluginInfo> out = new ArrayList<>();
        for (LoadedPlugin p : hooks.plugins()) {
            Map<String, String> config = new LinkedHashMap<>(p.config().masked());
            out.add(new PluginInfo(p.id(), p.kind().name().toLowerCase(java.util.Locale.ROOT), p.version(),
                    p.spiVersion(), p.source(), config, hooks.recent().of(p.displayName(), tenant)));
        }
        return out;
    }
}
