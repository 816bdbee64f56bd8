package dev.latchkey.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The packaged jar ({@code service/target/latchkey.jar}) run as a server of its own, on the
 * embedded H2 in a temporary folder, bound to 127.0.0.1: what a black-box test drives over HTTP.
 * API keys are made with the jar's own CLI before the server starts. Extra configuration is merged
 * over a loopback development base (private networks allowed, since every peer is on loopback).
 */
public final class LatchkeyJar implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String baseUrl;
    private final Path log;

    private LatchkeyJar(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** The jar, or a loud skip on a developer machine (a failure in CI) when it has not been built. */
    public static Path jar() {
        Path jar = RepoRoot.get().resolve("service/target/latchkey.jar");
        if (!Files.isRegularFile(jar)) {
            String why = "service/target/latchkey.jar is missing; run mvn package first";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why);
            }
            System.err.println("SKIPPED (prerequisite missing): " + why);
            Assumptions.abort(why);
        }
        return jar;
    }

    /** Writes the configuration, creates one API key per tenant, starts the server and waits for it. */
    public static Started start(Path dir, Map<String, Object> extra, List<String> tenants) {
        try {
            return start(dir, freePort(), extra, tenants);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #start(Path, Map, List)}, on a port chosen before (for peers that must know the redirect URI). */
    public static Started start(Path dir, int port, Map<String, Object> extra, List<String> tenants) {
        try {
            String baseUrl = "http://127.0.0.1:" + port;
            Path config = dir.resolve("config.yml");
            Files.writeString(config, yaml(base(dir, baseUrl, port, extra)));
            Map<String, String> keys = new LinkedHashMap<>();
            for (String tenant : tenants) {
                keys.put(tenant, createKey(dir, config, tenant));
            }
            Path log = dir.resolve("latchkey.log");
            Process process = new ProcessBuilder(java(), "-Xmx512m", "-jar", jar().toString(), "server",
                    config.toString()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            LatchkeyJar jar = new LatchkeyJar(process, baseUrl, log);
            jar.awaitReady();
            return new Started(jar, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The repository's own config.yml, run as an operator runs it: copied into {@code dir} (so ./data
     * lands there) and configured only through environment variables; the ports come from
     * {@link #ports()}. Returns at once: the caller decides what to wait for.
     */
    public static LatchkeyJar spawnWithRepositoryConfig(Path dir, Map<String, String> env, String... command) {
        try {
            Files.copy(RepoRoot.get().resolve("config.yml"), dir.resolve("config.yml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> args = new java.util.ArrayList<>(List.of(java(), "-Xmx512m", "-jar", jar().toString()));
            args.addAll(List.of(command));
            args.add("config.yml");
            ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("latchkey.log").toFile());
            builder.environment().putAll(env);
            return new LatchkeyJar(builder.start(), "http://127.0.0.1:" + env.getOrDefault("LATCHKEY_PORT", "8080"),
                    dir.resolve("latchkey.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variables giving a spawned jar a free application and admin port on 127.0.0.1. */
    public static Map<String, String> ports() {
        try {
            return Map.of("LATCHKEY_PORT", String.valueOf(freePort()), "LATCHKEY_ADMIN_PORT",
                    String.valueOf(freePort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process, to signal it or read how it ended. */
    public Process process() {
        return process;
    }

    /** Waits until the server answers {@code GET /v1/meta}, or fails with its log. */
    public void awaitAnswering() {
        try {
            awaitReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The running server and the API key of each tenant. */
    public record Started(LatchkeyJar jar, Map<String, String> apiKeys) {
        public String key(String tenant) {
            return apiKeys.get(tenant);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** What the server has logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() throws InterruptedException {
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("latchkey.jar exited at start:\n" + log());
            }
            try {
                HttpResponse<String> meta = Http.client().send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/meta"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (meta.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("latchkey.jar did not answer within " + START_TIMEOUT + ":\n" + log());
    }

    private static Map<String, Object> base(Path dir, String baseUrl, int port, Map<String, Object> extra) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("publicBaseUrl", baseUrl);
        root.put("database", Map.of("url", "jdbc:h2:file:" + dir.resolve("latchkey").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "user", "latchkey", "password", "", "driverClass", "org.h2.Driver"));
        root.put("keyring", Map.of("file", dir.resolve("keyring.json").toAbsolutePath().toString()));
        root.put("egress", Map.of("allowPrivateNetworks", true));
        root.put("plugins", Map.of("directory", dir.resolve("plugins").toString()));
        root.put("server", Map.of("registerDefaultExceptionMappers", false,
                "applicationConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", port)),
                "adminConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", 0))));
        root.put("logging", Map.of("level", "INFO", "loggers", Map.of("org.eclipse.jetty", "WARN")));
        merge(root, extra);
        return root;
    }

    /** {@code extra} over {@code base}: maps merged key by key (so extra server settings keep the connectors). */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> base, Map<String, Object> extra) {
        extra.forEach((key, value) -> {
            if (base.get(key) instanceof Map<?, ?> inBase && value instanceof Map<?, ?> inExtra) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) inBase);
                merge(merged, (Map<String, Object>) inExtra);
                base.put(key, merged);
            } else {
                base.put(key, value);
            }
        });
    }

    private static String createKey(Path dir, Path config, String tenant) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java(), "-jar", jar().toString(), "api-keys", "create", "--tenant",
                tenant, config.toString()).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("api-keys create failed");
        }
        // The key is alone on its line; log lines may follow it on the same stream.
        return out.lines().map(String::strip).filter(line -> line.matches("lk_[A-Za-z0-9_-]{20,}"))
                .reduce((first, last) -> last).orElseThrow(() -> new IllegalStateException("api-keys create printed no key"));
    }

    private static String yaml(Map<String, Object> config) throws IOException {
        return new ObjectMapper(new YAMLFactory()).writeValueAsString(config).replace("${", "$${");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
