package dev.latchkey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.RepoRoot;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestEvents;
import dev.latchkey.testing.WebhookReceiver;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of Latchkey in the middle of a burst of 1,000 events to a slow receiver, then a
 * restart: every event still arrives at least once. Latchkey runs in a child JVM (the real
 * application and config.yml, on a real PostgreSQL); the events are written the way the flow
 * engine writes them, through the outbox writer, from this JVM.
 */
class CrashRecoveryTest {

    private static final int EVENTS = 1000;
    private final Path dir = TempDirs.create("crash");
    private final String database = TestDatabases.freshPostgresUrl();
    private final int port = WebhookReceiver.freePort();

    @Test
    void nothingIsLostWhenTheProcessIsKilledMidBurst() throws Exception {
        Process first = launch("first");
        Jdbi jdbi = AppDatabase.jdbi(database, "postgres", "postgres");
        String key = AppDatabase.apiKey(jdbi, "acme-crash");
        int receiverPort = WebhookReceiver.freePort();
        JsonNode hook = new ApiClient(baseUrl()).post(key, "/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:" + receiverPort + "/webhook\"}").body();
        try (WebhookReceiver receiver = WebhookReceiver.start(receiverPort, hook.get("secret").asText(),
                "--delay-ms", "30")) {
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), Clock.systemUTC());
            CompletableFuture<Set<String>> burst = CompletableFuture.supplyAsync(() ->
                    TestEvents.burst(jdbi, writer, "acme-crash", EVENTS).stream().map(StoredEvent::id)
                            .collect(Collectors.toSet()));
            Await.until(Duration.ofSeconds(60), () -> receiver.deliveries().size() >= 150,
                    () -> receiver.deliveries().size() + " received before the kill");

            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, leases left held
            int beforeKill = delivered(receiver).size();
            Set<String> written = burst.get(60, TimeUnit.SECONDS);
            Process second = launch("second");
            try {
                Await.until(Duration.ofSeconds(90), () -> delivered(receiver).size() == EVENTS,
                        () -> delivered(receiver).size() + " of " + EVENTS + " delivered after the restart");
            } finally {
                second.destroy();
                second.waitFor();
            }

            List<JsonNode> records = receiver.deliveries();
            System.out.printf("crash test: %d of %d events delivered at least once (%d before kill -9, %d requests"
                    + " in all, %d duplicates)%n", delivered(receiver).size(), EVENTS, beforeKill, records.size(),
                    records.size() - EVENTS);
            assertThat(delivered(receiver)).isEqualTo(written);
            assertThat(records).allSatisfy(r -> assertThat(r.get("verified").asBoolean()).isTrue());
            assertThat(beforeKill).as("the kill came mid-burst").isLessThan(EVENTS / 2);
        } finally {
            first.destroyForcibly();
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the real application in a child JVM and waits until it answers. */
    private Process launch(String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Ddw.database.url=" + database, "-Ddw.database.user=postgres", "-Ddw.database.password=postgres",
                "-Ddw.keyring.file=" + dir.resolve("keyring.json"),
                "-Ddw.server.applicationConnectors[0].port=" + port, "-Ddw.server.adminConnectors[0].port=0",
                "-Ddw.publicBaseUrl=" + baseUrl(), "-Ddw.egress.allowPrivateNetworks=true",
                "-Ddw.events.webhooks.lease=3s", "-Ddw.events.webhooks.pollInterval=100ms",
                "-Ddw.events.webhooks.retrySchedule=500ms,1s,1s,1s", "-Ddw.logging.level=WARN",
                "dev.latchkey.LatchkeyApplication", "server", RepoRoot.configYml().toString()));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApiClient api = new ApiClient(baseUrl());
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                return api.get(null, "/v1/meta").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, () -> name + " instance did not start; see " + log + (process.isAlive() ? "" : " (it exited)"));
        return process;
    }

    private static Set<String> delivered(WebhookReceiver receiver) {
        return receiver.deliveries().stream().filter(r -> r.get("status").asInt() == 204)
                .map(r -> r.get("eventId").asText()).collect(Collectors.toSet());
    }
}
