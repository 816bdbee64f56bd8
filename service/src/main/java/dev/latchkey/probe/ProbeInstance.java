package dev.latchkey.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.store.Database;
import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;

/**
 * A throw-away Latchkey for one probe: the real application on a free loopback port, with an
 * embedded H2 database and a keyring in a temporary folder, in development mode (the servers a
 * probe targets are usually on loopback or a private network), and one API key.
 */
final class ProbeInstance implements AutoCloseable {

    /** The tenant of the probe's API key. */
    static final String TENANT = "probe";

    private final Path dir;
    private final Server server;
    private final URI baseUrl;
    private final String apiKey;

    private ProbeInstance(Path dir, Server server, URI baseUrl, String apiKey) {
        this.dir = dir;
        this.server = server;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static ProbeInstance start(ProbeOptions options, InProcessLatchkey latchkey) throws Exception {
        Path dir = Files.createTempDirectory("latchkey-probe-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            int port = freePort();
            Path config = dir.resolve("latchkey-probe.yml");
            Files.writeString(config, configYaml(options, dir, port));
            InProcessLatchkey.Started started = latchkey.start(config.toString());
            String key = createApiKey(started.database());
            return new ProbeInstance(dir, started.server(), URI.create("http://127.0.0.1:" + port), key);
        } catch (Exception | Error e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    Path dir() {
        return dir;
    }

    /** The generated configuration (values are YAML-escaped; {@code ${} is escaped for the substitutor). */
    static String configYaml(ProbeOptions options, Path dir, int port) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("publicBaseUrl", "http://127.0.0.1:" + port);
        root.put("database", Map.of("url", "jdbc:h2:file:" + dir.resolve("latchkey").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "user", "latchkey", "password", "", "driverClass", "org.h2.Driver"));
        root.put("keyring", Map.of("file", dir.resolve("keyring.json").toAbsolutePath().toString()));
        root.put("egress", Map.of("allowPrivateNetworks", true));
        root.put("discovery", Map.of("legacy2025", options.legacy()));
        root.put("registration", registration(options));
        root.put("server", Map.of("registerDefaultExceptionMappers", false,
                "applicationConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", port)),
                "adminConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", 0)),
                "requestLog", Map.of("appenders", List.of())));
        root.put("logging", Map.of("level", "WARN", "loggers", Map.of("org.eclipse.jetty", "ERROR"),
                "appenders", List.of(Map.of("type", "console", "target", "stderr",
                        "logFormat", "  latchkey %-5p %c{1}: %m%n%rEx"))));
        return new ObjectMapper(new YAMLFactory()).writeValueAsString(root).replace("${", "$${");
    }

    private static Map<String, Object> registration(ProbeOptions options) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("clientName", "Latchkey probe");
        options.clientMetadataUrl().ifPresent(url -> registration.put("clientMetadataUrl", url.toString()));
        // The conformance servers never promise iss; the probe tests one server at a time.
        registration.put("cimdWithoutIss", true);
        // The issuer is learnt only by the discovery under test: the development-mode wildcard.
        registration.put("preRegistered", options.preRegistered().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("issuer", "*");
            entry.put("clientId", c.clientId());
            c.clientSecret().ifPresent(secret -> entry.put("clientSecret", secret));
            entry.put("tokenEndpointAuthMethod", c.authMethod());
            return List.of(entry);
        }).orElse(List.of()));
        registration.put("clientCredentials", options.machineClient().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tenant", TENANT);
            entry.put("serverUrl", options.mcpUrl().toString());
            entry.put("clientId", c.clientId());
            entry.put("authMethod", c.authMethod());
            c.clientSecret().ifPresent(secret -> entry.put("clientSecret", secret));
            c.privateKey().ifPresent(key -> entry.put("privateKey", key));
            return List.of(entry);
        }).orElse(List.of()));
        return registration;
    }

    private static String createApiKey(DataSourceFactory running) throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(running.getUrl());
        factory.setUser(running.getUser());
        factory.setPassword(running.getPassword());
        try (Database.Standalone db = Database.openStandalone(factory)) {
            return new ApiKeys(db.jdbi(), Clock.systemUTC()).create(TENANT, Optional.of("probe")).secret();
        }
    }

    @Override
    public void close() {
        try {
            server.setStopTimeout(1000);
            server.stop();
        } catch (Exception e) {
            // the JVM exits right after; nothing is left to release
        } finally {
            deleteQuietly(dir);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind holds nothing the next run needs
        }
    }
}
