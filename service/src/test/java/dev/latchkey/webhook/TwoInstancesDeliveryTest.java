package dev.latchkey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.ConfigOverridesReset;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestEvents;
import dev.latchkey.testing.WebhookReceiver;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Two Latchkey instances share one PostgreSQL: every event is delivered, and never twice at once. */
@ExtendWith({ConfigOverridesReset.class, DropwizardExtensionsSupport.class})
class TwoInstancesDeliveryTest {

    private static final int EVENTS = 200;
    private static final Path DIR = TempDirs.create("two-instances");
    private static final String DATABASE = TestDatabases.freshPostgresUrl();
    private static final TestApp FIRST = instance();
    private static final TestApp SECOND = instance();
    static final DropwizardAppExtension<LatchkeyConfiguration> APP1 = FIRST.extension();
    static final DropwizardAppExtension<LatchkeyConfiguration> APP2 = SECOND.extension();

    /** Same database and keyring (one deployment), each with its own port and worker. */
    private static TestApp instance() {
        return TestApp.on(TestDatabases.Kind.POSTGRES, DATABASE, DIR)
                .with("events.webhooks.pollInterval", "50ms")
                .with("events.webhooks.retrySchedule", "500ms,500ms,500ms");
    }

    @Test
    void everyEventIsDeliveredByOneWorkerAtATime() {
        Jdbi jdbi = AppDatabase.jdbi(APP1.getConfiguration());
        String key = AppDatabase.apiKey(jdbi, "acme-two");
        int port = WebhookReceiver.freePort();
        JsonNode hook = new ApiClient(FIRST.baseUrl()).post(key, "/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:" + port + "/webhook\"}").body();

        try (WebhookReceiver receiver = WebhookReceiver.start(port, hook.get("secret").asText(), "--delay-ms", "25")) {
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), Clock.systemUTC());
            Set<String> written = TestEvents.burst(jdbi, writer, "acme-two", EVENTS).stream()
                    .map(StoredEvent::id).collect(Collectors.toSet());

            Await.until(Duration.ofSeconds(90), () -> delivered(receiver).size() == EVENTS,
                    () -> delivered(receiver).size() + " of " + EVENTS + " delivered");

            List<JsonNode> records = receiver.deliveries();
            assertThat(delivered(receiver)).isEqualTo(written);
            assertThat(records).allSatisfy(r -> assertThat(r.get("verified").asBoolean()).isTrue());
            assertThat(records).as("deliveries of one event in progress at the same time")
                    .allSatisfy(r -> assertThat(r.get("concurrent").asInt()).as(r.toString()).isZero());
            assertThat(records).as("no event sent twice").hasSize(EVENTS);
            List<String> workers = jdbi.withHandle(h -> h.createQuery(
                    "SELECT DISTINCT worker FROM delivery_attempts").mapTo(String.class).list());
            assertThat(workers).as("both instances delivered").hasSize(2);
        }
    }

    private static Set<String> delivered(WebhookReceiver receiver) {
        return receiver.deliveries().stream().filter(r -> r.get("status").asInt() == 204)
                .map(r -> r.get("eventId").asText()).collect(Collectors.toSet());
    }
}
