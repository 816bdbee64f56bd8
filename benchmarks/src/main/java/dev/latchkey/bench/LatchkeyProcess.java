package dev.latchkey.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real shaded jar ({@code service/target/latchkey.jar}) as a child process with
 * {@code -Xmx256m}, from the real config.yml, bound to loopback, with its own data folder.
 */
public final class LatchkeyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private LatchkeyProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The environment for a Latchkey on {@code databaseUrl} (null: the embedded H2 default in {@code dir}). */
    public static Map<String, String> environment(Path dir, int port, Database database) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "LATCHKEY_PORT", String.valueOf(port),
                "LATCHKEY_ADMIN_PORT", String.valueOf(freePort()),
                "LATCHKEY_PUBLIC_BASE_URL", "http://127.0.0.1:" + port,
                "LATCHKEY_KEYRING_FILE", dir.resolve("keyring.json").toString(),
                "LATCHKEY_ALLOW_PRIVATE_NETWORKS", "true",
                "LATCHKEY_LOG_LEVEL", "WARN"));
        // One key at maximum throughput: a rate limit that never refuses, so its check is still measured.
        env.put("LATCHKEY_API_RATE_LIMIT", "1000000");
        env.put("LATCHKEY_API_RATE_BURST", "1000000");
        if (database != null) {
            env.put("LATCHKEY_DB_URL", database.url());
            env.put("LATCHKEY_DB_USER", database.user());
            env.put("LATCHKEY_DB_PASSWORD", database.password());
        }
        return env;
    }

    /** Where Latchkey stores its data: an external database, or null for H2 in the working folder. */
    public record Database(String url, String user, String password) {
    }

    /** Creates an API key with the real CLI (before the server starts, on the same database). */
    public static String createApiKey(Path repo, Path dir, Map<String, String> env, String tenant) {
        List<String> command = List.of(java(), "-Xmx256m", "-jar", jar(repo).toString(), "api-keys", "create",
                "--tenant", tenant, repo.resolve("config.yml").toString());
        Process cli = run(command, dir, env, dir.resolve("cli.log"));
        try {
            if (cli.waitFor() != 0) {
                throw new IllegalStateException("api-keys create failed: " + Files.readString(dir.resolve("cli.log")));
            }
            List<String> out = Files.readAllLines(dir.resolve("cli.log"));
            return out.stream().filter(line -> line.startsWith("lk_")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no key in the CLI output"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static LatchkeyProcess start(Path repo, Path dir, int port, Map<String, String> env, List<String> jvmArgs) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar(repo).toString(), "server", repo.resolve("config.yml").toString()));
        Path log = dir.resolve("latchkey.log");
        Process process = run(command, dir, env, log);
        // Say so at once if the server goes away during a run (137 = killed by SIGKILL from outside).
        process.onExit().thenAccept(p -> System.err.println("Latchkey (pid " + p.pid() + ") exited with code "
                + p.exitValue()));
        LatchkeyProcess started = new LatchkeyProcess(process, port, log);
        started.awaitReady();
        return started;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Lines of the server's log that report an error or an exhausted heap. */
    public List<String> errorLines() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> line.startsWith("ERROR") || line.contains("OutOfMemoryError")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Latchkey exited; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/whoami"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Latchkey did not start in 90 s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path jar(Path repo) {
        Path jar = repo.resolve("service/target/latchkey.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the service first: " + jar + " is missing");
        }
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process run(List<String> command, Path dir, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(dir);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
