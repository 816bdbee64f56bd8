package dev.latchkey.store;

import dev.latchkey.auth.ApiKeys;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.RepoRoot;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.WebhookReceiver;
import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to Latchkey on the embedded H2 while a long poll is waiting and the background jobs run:
 * the poll is answered and nothing logs a warning or error (before, H2's own shutdown hook closed
 * the database under the draining server: "Database is already closed"). Latchkey runs in a child
 * JVM, as it does in production, because only a real process exit runs the shutdown hooks.
 */
class SigtermShutdownTest {

    private final Path dir = TempDirs.create("sigterm");
    private final int port = WebhookReceiver.freePort();

    @Test
    void sigtermDrainsRequestsAndJobsBeforeTheDatabaseCloses() throws Exception {
        // The URL of config.yml's embedded default, in a folder of the test's own.
        String url = "jdbc:h2:file:" + dir.resolve("latchkey").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        String key = apiKey(url);
        Path log = dir.resolve("latchkey.log");
        Process process = launch(url, log);
        try {
            ApiClient api = new ApiClient("http://127.0.0.1:" + port);
            Await.until(Duration.ofSeconds(60), () -> answers(api),
                    () -> "Latchkey did not start; see " + log + (process.isAlive() ? "" : " (it exited)"));
            CompletableFuture<ApiClient.Reply> poll = api.getAsync(key, "/v1/events?wait=20");
            Thread.sleep(700); // parked, and at least one pass of every job since

            process.destroy(); // SIGTERM: the shutdown hooks run
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();

            assertThat(poll.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            List<String> problems = Files.readAllLines(log).stream()
                    .filter(line -> line.startsWith("WARN") || line.startsWith("ERROR") || line.contains("closed"))
                    .toList();
            assertThat(problems).as("warnings and errors logged while stopping").isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean answers(ApiClient api) {
        try {
            return api.get(null, "/v1/meta").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static String apiKey(String url) throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(url);
        factory.setUser("latchkey"); // config.yml's user
        try (Database.Standalone db = Database.openStandalone(factory)) {
            return new ApiKeys(db.jdbi(), Clock.systemUTC()).create("acme", Optional.of("sigterm")).secret();
        }
    }

    private Process launch(String url, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Ddw.database.url=" + url, "-Ddw.keyring.file=" + dir.resolve("keyring.json"),
                "-Ddw.plugins.directory=" + dir.resolve("plugins"),
                "-Ddw.server.applicationConnectors[0].port=" + port, "-Ddw.server.adminConnectors[0].port=0",
                "-Ddw.publicBaseUrl=http://127.0.0.1:" + port, "-Ddw.flows.rehearsalRounds=0",
                // Every job reads the database all the time, so a shutdown finds each of them busy.
                "-Ddw.events.webhooks.pollInterval=20ms", "-Ddw.flows.expiryInterval=20ms",
                "-Ddw.logging.level=WARN",
                "dev.latchkey.LatchkeyApplication", "server", RepoRoot.configYml().toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
