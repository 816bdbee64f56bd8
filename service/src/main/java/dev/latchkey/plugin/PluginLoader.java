package dev.latchkey.plugin;

import dev.latchkey.spi.PluginConfig;
import dev.latchkey.spi.PluginException;
import dev.latchkey.spi.ProviderPlugin;
import dev.latchkey.spi.ProviderPluginFactory;
import dev.latchkey.spi.SpiVersion;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, at start, the built-in plugins (on the class path), every jar in the plugin directory, and
 * the declarative profiles. A malformed or duplicate id, an incompatible SPI version, invalid config
 * or a failing {@code init} stops start-up with a {@link PluginLoadException} naming the plugin,
 * where it came from, and why. Order: profiles, then built-ins by id, then jars by file name.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final String ID = "[a-z0-9][a-z0-9-]*";

    /** What was loaded, and what to close at shutdown. */
    public record Loaded(List<LoadedPlugin> plugins, List<URLClassLoader> loaders) implements AutoCloseable {
        @Override
        public void close() {
            for (LoadedPlugin p : plugins) {
                p.factory().ifPresent(f -> closeQuietly(p.id(), f));
            }
            for (URLClassLoader loader : loaders) {
                try {
                    loader.close();
                } catch (IOException e) {
                    LOG.warn("cannot close the class loader of {}: {}", loader.getName(), e.getMessage());
                }
            }
        }
    }

    private record Candidate(ProviderPluginFactory factory, String source) {
    }

    private PluginLoader() {
    }

    public static Loaded load(PluginsFactory config, Path workingDirectory) {
        Path directory = workingDirectory.resolve(config.getDirectory()).normalize();
        List<URLClassLoader> loaders = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        ServiceLoader.load(ProviderPluginFactory.class, ProviderPluginFactory.class.getClassLoader()).stream()
                .map(p -> new Candidate(p.get(), LoadedPlugin.BUILT_IN))
                .sorted(Comparator.comparing(c -> c.factory().id())).forEach(candidates::add);
        try {
            for (Path jar : PluginJars.list(directory)) {
                for (PluginJars.Found found : PluginJars.load(jar)) {
                    loaders.add(found.loader());
                    candidates.add(new Candidate(found.factory(), jar.toString()));
                }
            }
        } catch (PluginLoadException e) {
            new Loaded(List.of(), loaders).close();
            throw e;
        }
        List<LoadedPlugin> loaded = new ArrayList<>(profiles(config.getProfiles()));
        try {
            loaded.addAll(plugins(candidates, config));
        } catch (PluginLoadException e) {
            new Loaded(loaded, loaders).close();
            throw e;
        }
        LOG.info("plugin directory {}: {} jar(s)", directory, loaders.size());
        return new Loaded(List.copyOf(loaded), List.copyOf(loaders));
    }

    private static List<LoadedPlugin> plugins(List<Candidate> candidates, PluginsFactory config) {
        Set<String> disabled = new HashSet<>(config.getDisabled());
        Map<String, String> sources = new LinkedHashMap<>();
        List<LoadedPlugin> out = new ArrayList<>();
        try {
            for (Candidate c : candidates) {
                String id = checkedId(c);
                if (disabled.contains(id)) {
                    LOG.info("plugin {} from {} is disabled by plugins.disabled", id, c.source());
                    continue;
                }
                if (sources.containsKey(id)) {
                    throw new PluginLoadException("duplicate plugin id '" + id + "': in " + c.source()
                            + " and in " + sources.get(id));
                }
                sources.put(id, c.source());
                out.add(start(c, id, config.getConfig().getOrDefault(id, Map.of())));
            }
            Set<String> unknown = new TreeSet<>(config.getConfig().keySet());
            unknown.removeAll(sources.keySet());
            unknown.removeAll(disabled);
            if (!unknown.isEmpty()) {
                throw new PluginLoadException("plugins.config names " + unknown + ", but no such plugin is loaded");
            }
        } catch (PluginLoadException e) {
            out.forEach(p -> p.factory().ifPresent(f -> closeQuietly(p.id(), f)));
            throw e;
        }
        return out;
    }

    private static String checkedId(Candidate c) {
        String id = c.factory().id();
        if (id == null || !id.matches(ID)) {
            throw new PluginLoadException("plugin " + c.factory().getClass().getName() + " in " + c.source()
                    + " has a malformed id (must match " + ID + ")");
        }
        return id;
    }

    private static LoadedPlugin start(Candidate c, String id, Map<String, String> values) {
        ProviderPluginFactory factory = c.factory();
        String name = "plugin " + id + " (" + c.source() + ")";
        String spi = factory.spiVersion();
        try {
            if (!SpiVersion.CURRENT.canLoad(SpiVersion.parse(spi))) {
                throw new PluginLoadException(name + " was built against SPI " + spi + ", which this Latchkey (SPI "
                        + SpiVersion.CURRENT + ") cannot load");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PluginLoadException(name + " reports an unreadable SPI version");
        }
        PluginConfig config;
        try {
            config = PluginConfig.resolve(factory.configProperties(), values);
        } catch (IllegalArgumentException e) {
            throw new PluginLoadException(name + " has invalid configuration under plugins.config." + id + ": "
                    + e.getMessage());
        }
        ProviderPlugin plugin;
        try {
            factory.init(config);
            plugin = factory.create();
        } catch (PluginException e) {
            closeQuietly(id, factory);
            throw new PluginLoadException(name + " failed to start: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(id, factory);
            throw new PluginLoadException(name + " failed to start (" + e.getClass().getName() + ")");
        }
        if (plugin == null) {
            closeQuietly(id, factory);
            throw new PluginLoadException(name + " created no plugin (create() returned null)");
        }
        LoadedPlugin loaded = new LoadedPlugin(id, String.valueOf(factory.version()), spi, LoadedPlugin.Kind.PLUGIN,
                c.source(), Optional.of(factory), plugin, config);
        LOG.info("loaded {}", loaded);
        return loaded;
    }

    private static List<LoadedPlugin> profiles(List<ProfileFactory> profiles) {
        Set<String> names = new HashSet<>();
        List<LoadedPlugin> out = new ArrayList<>();
        for (ProfileFactory p : profiles) {
            if (!names.add(p.getName())) {
                throw new PluginLoadException("duplicate profile name '" + p.getName() + "' in plugins.profiles");
            }
            try {
                out.add(new LoadedPlugin(p.getName(), "-", SpiVersion.CURRENT.toString(), LoadedPlugin.Kind.PROFILE,
                        "config.yml", Optional.empty(), new ProfilePlugin(p), PluginConfig.empty()));
            } catch (IllegalArgumentException e) {
                throw new PluginLoadException("profile " + p.getName() + " is invalid: " + e.getMessage());
            }
        }
        return out;
    }

    private static void closeQuietly(String id, ProviderPluginFactory factory) {
        try {
            factory.close();
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed to close: {}", id, e.getClass().getName());
        }
    }
}
