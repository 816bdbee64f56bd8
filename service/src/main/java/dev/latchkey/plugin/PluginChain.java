package dev.latchkey.plugin;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.spi.PluginException;
import dev.latchkey.spi.Relaxation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one hook through every plugin that applies to a target, in registry order, each receiving the
 * previous one's result. Names a plugin as having acted when its result differs from its input,
 * writes each relaxation it newly declared to the audit log, and turns a plugin's exception into a
 * {@code plugin_failed} flow failure that names the plugin (never the exception's message unless it
 * is a {@link PluginException}, whose message is safe by contract).
 */
final class PluginChain {

    private static final Logger LOG = LoggerFactory.getLogger(PluginChain.class);

    private final List<LoadedPlugin> plugins;
    private final AuditLog audit;
    private final RecentMatches recent;
    private final DomainMetrics metrics;

    PluginChain(List<LoadedPlugin> plugins, AuditLog audit, RecentMatches recent, DomainMetrics metrics) {
        this.plugins = List.copyOf(plugins);
        this.audit = audit;
        this.recent = recent;
        this.metrics = metrics;
    }

    List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** The plugins whose {@code appliesTo} accepts this scope's target, in order. */
    List<LoadedPlugin> applicable(ProviderScope scope) {
        if (plugins.isEmpty()) {
            return List.of();
        }
        List<LoadedPlugin> out = new ArrayList<>();
        for (LoadedPlugin p : plugins) {
            if (guarded(p, Hook.APPLIES_TO, () -> p.plugin().appliesTo(scope.target()))) {
                recent.record(p.displayName(), scope.tenant(), scope.matchedName());
                out.add(p);
            }
        }
        return out;
    }

    <T> T run(Hook hook, ProviderScope scope, T input, Consumer<String> acted,
              BiFunction<LoadedPlugin, T, T> call, Function<T, List<Relaxation>> relaxations) {
        T current = input;
        for (LoadedPlugin p : applicable(scope)) {
            T before = current;
            T next = guarded(p, hook, () -> call.apply(p, before));
            if (next == null) {
                throw failure(p, hook + " returned null");
            }
            if (!next.equals(before)) {
                acted.accept(p.displayName());
                auditRelaxations(p, hook, scope, relaxations.apply(before), relaxations.apply(next));
            }
            current = next;
        }
        return current;
    }

    private void auditRelaxations(LoadedPlugin p, Hook hook, ProviderScope scope, List<Relaxation> before,
                                  List<Relaxation> after) {
        for (Relaxation r : after) {
            if (!before.contains(r)) {
                metrics.pluginRelaxation(r.kind());
                audit.record(AuditEntry.ActorType.SYSTEM, "plugin:" + p.displayName(), scope.tenant().orElse(null),
                        "plugin.relaxation", "issuer", shorten(scope.matchedName()), AuditEntry.Outcome.SUCCESS,
                        r.kind() + " in " + hook + " for " + scope.correlationId() + ": " + r.reason());
            }
        }
    }

    <T> T guarded(LoadedPlugin p, Hook hook, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PluginException e) {
            throw failure(p, e.getMessage());
        } catch (Failure e) {
            throw e;
        } catch (RuntimeException e) {
            // The message may carry anything the plugin had at hand: only the type is logged.
            LOG.warn("plugin {} failed in {}: {}", p.displayName(), hook, e.getClass().getName());
            throw failure(p, "it failed internally in " + hook + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Failure failure(LoadedPlugin p, String message) {
        return Failure.upstream("plugin_failed", "plugin " + p.displayName() + ": " + message);
    }

    static List<Relaxation> none(Object ignored) {
        return List.of();
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) : value;
    }
}
