package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LatchkeyJar;
import dev.latchkey.testing.RepoRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the repository's own config.yml, started and stopped the way an operator
 * does it: the keyring in LATCHKEY_KEYRING exactly as {@code keys} writes it, readiness for a load
 * balancer through start and shutdown, and an unset variable stopping start-up by name.
 */
class OperatorStartAndStopIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theKeyringFromTheEnvironmentWorksPrettyPrintedAndOnOneLine() throws Exception {
        String written = keyringAsKeysWritesIt();
        JsonNode parsed = JSON.readTree(written);
        for (String keyring : List.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(parsed),
                JSON.writeValueAsString(parsed))) {
            Path run = Files.createDirectories(dir.resolve("run-" + keyring.lines().count()));
            Map<String, String> env = new HashMap<>(LatchkeyJar.ports());
            env.put("LATCHKEY_KEYRING", keyring);
            env.put("LATCHKEY_SHUTDOWN_WAIT", "0s");
            try (LatchkeyJar jar = LatchkeyJar.spawnWithRepositoryConfig(run, env, "server")) {
                jar.awaitAnswering();
                assertThat(jar.log()).doesNotContain("Failed to parse configuration");
                // The keys in use are the environment's: no keyring file was generated beside the database.
                assertThat(run.resolve("data/keyring.json")).doesNotExist();
                assertThat(run.resolve("data")).isDirectory();
            }
            LatchkeyJar listing = LatchkeyJar.spawnWithRepositoryConfig(run, env, "keys", "list");
            assertThat(listing.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(listing.log()).contains(parsed.get("keys").get(0).get("kid").asText());
        }
    }

    @Test
    void readinessHoldsBackUntilServingAndDropsBeforeTheListenerCloses() throws Exception {
        Map<String, String> env = new HashMap<>(LatchkeyJar.ports());
        env.put("LATCHKEY_SHUTDOWN_WAIT", "3s");
        env.put("LATCHKEY_PUBLIC_BASE_URL", "http://127.0.0.1:" + env.get("LATCHKEY_PORT"));
        LatchkeyJar jar = LatchkeyJar.spawnWithRepositoryConfig(dir, env, "server");
        String ready = jar.baseUrl() + "/health-check";
        List<Integer> starting = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until && jar.process().isAlive()) {
            int status = status(ready);
            starting.add(status);
            if (status == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(starting).as("answers of %s while starting", ready).endsWith(200);
        // Before the first 200: the port still closed (0) or open but not yet ready (503), nothing else.
        assertThat(starting.subList(0, starting.size() - 1)).allMatch(status -> status == 0 || status == 503);
        // The start-up rehearsal ran on its own loopback server before the application's port opened.
        String log = jar.log();
        assertThat(log.indexOf("Started application@")).isGreaterThan(log.indexOf("Started oejs.ServerConnector@"));
        assertThat(status(jar.baseUrl() + "/health-check?type=alive")).isEqualTo(200);
        // A first start on an empty folder says what to do next.
        assertThat(jar.log()).contains("Latchkey is running. API: " + jar.baseUrl() + "/v1")
                .contains("Console: " + jar.baseUrl() + "/console").contains(" api-keys create --tenant ")
                .contains(" operators add admin config.yml");

        jar.process().destroy(); // SIGTERM
        List<Integer> stopping = new ArrayList<>();
        int status;
        do {
            status = status(ready);
            stopping.add(status);
            Thread.sleep(50);
        } while (status != 0 && stopping.size() < 400);
        assertThat(jar.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Answered as ready only until the signal was seen, then 503 while the listener still accepted
        // requests (most of the 3 s wait), then the listener closed.
        String trace = stopping.toString();
        assertThat(trace).as("readiness while stopping").matches("\\[(200, )*(503, ){20,}0]");
        assertThat(jar.log()).contains("Stopping: readiness is down");
    }

    @Test
    void anUnsetVariableWithoutDefaultStopsStartUpNamingIt() throws Exception {
        Files.writeString(dir.resolve("config.yml"), Files.readString(RepoRoot.get().resolve("config.yml"))
                .replace("${LATCHKEY_LOG_LEVEL:-INFO}", "${LATCHKEY_LOG_LEVEL_NOT_SET_ANYWHERE}"));
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LatchkeyJar.jar().toString(), "check", "config.yml").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).isNotZero();
        assertThat(output).contains("LATCHKEY_LOG_LEVEL_NOT_SET_ANYWHERE is not set and has no default");
    }

    /** A keyring as {@code keys} writes it on first use: generated into a file of its own. */
    private String keyringAsKeysWritesIt() throws Exception {
        Path keysDir = Files.createDirectories(dir.resolve("keys"));
        LatchkeyJar keys = LatchkeyJar.spawnWithRepositoryConfig(keysDir, LatchkeyJar.ports(), "keys", "list");
        assertThat(keys.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(keysDir.resolve("data/keyring.json"));
    }

    private static int status(String url) {
        try {
            return Http.client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException refused) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
