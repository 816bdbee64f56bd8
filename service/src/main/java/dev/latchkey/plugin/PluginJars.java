package dev.latchkey.plugin;

import dev.latchkey.spi.ProviderPluginFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Plugin jars from a directory, each in its own class loader whose parent is the SPI's. The
 * factories are the ones the jar's own {@code META-INF/services} entry lists (read from the jar, not
 * through the loader, which would also see the built-in plugins' entries on the parent).
 */
final class PluginJars {

    static final String SERVICES = "META-INF/services/" + ProviderPluginFactory.class.getName();

    /** A factory found in a jar, with the loader to close at shutdown. */
    record Found(Path jar, ProviderPluginFactory factory, URLClassLoader loader) {
    }

    private PluginJars() {
    }

    static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot list the plugin directory " + directory + ": " + e.getMessage());
        }
    }

    static List<Found> load(Path jar) {
        List<String> classNames = serviceEntries(jar);
        if (classNames.isEmpty()) {
            throw new PluginLoadException("plugin jar " + jar + " lists no factory in " + SERVICES);
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                    ProviderPluginFactory.class.getClassLoader());
        } catch (IOException e) {
            throw new PluginLoadException("plugin jar " + jar + " cannot be opened: " + e.getMessage());
        }
        List<Found> found = new ArrayList<>();
        for (String className : classNames) {
            found.add(new Found(jar, instantiate(jar, loader, className), loader));
        }
        return found;
    }

    private static ProviderPluginFactory instantiate(Path jar, ClassLoader loader, String className) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!ProviderPluginFactory.class.isAssignableFrom(type)) {
                throw new PluginLoadException("plugin jar " + jar + ": " + className + " does not implement "
                        + ProviderPluginFactory.class.getName());
            }
            return (ProviderPluginFactory) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (e instanceof PluginLoadException p) {
                throw p;
            }
            throw new PluginLoadException("plugin jar " + jar + ": cannot instantiate " + className + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static List<String> serviceEntries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry(SERVICES);
            if (entry == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getInputStream(entry),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String name = line.replaceAll("#.*", "").strip();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new PluginLoadException("plugin jar " + jar + " is not a readable jar: " + e.getMessage());
        }
    }
}
