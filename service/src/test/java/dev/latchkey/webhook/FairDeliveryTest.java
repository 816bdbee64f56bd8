package dev.latchkey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.event.EventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.HangingServer;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestEvents;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tenant's receiver hangs; another tenant's events still go out at once. Four senders, at most
 * two per tenant: the hanging tenant holds two, and the other tenant's delivery is made while they
 * still hang (their timeout is a minute; nothing here ends them but the test).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FairDeliveryTest {

    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("fair-delivery"))
            .with("events.webhooks.concurrency", "4")
            .with("events.webhooks.pollInterval", "100ms")
            .with("limits.webhookDeliveriesPerTenant", "2")
            .with("egress.readTimeout", "60s");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    @Test
    void aTenantWhoseReceiverHangsHoldsOnlyItsOwnSendersAndAnotherTenantsEventGoesOut() {
        Jdbi jdbi = AppDatabase.jdbi(APP.getConfiguration());
        ApiClient api = new ApiClient(TEST_APP.baseUrl());
        EventWriter writer = ((LatchkeyApplication) APP.getApplication()).events().writer();
        String stuck = AppDatabase.apiKey(jdbi, "fair-stuck");
        String other = AppDatabase.apiKey(jdbi, "fair-other");
        try (HangingServer hanging = new HangingServer(); LoopbackHttpServer receiver = new LoopbackHttpServer()) {
            receiver.route("/webhook", r -> new LoopbackHttpServer.Reply(204, Map.of(), new byte[0]));
            String stuckHook = webhook(api, stuck, hanging.origin() + "/webhook");
            String otherHook = webhook(api, other, receiver.origin() + "/webhook");
            for (int i = 0; i < 6; i++) {
                TestEvents.append(jdbi, writer, TestEvents.authRequired("fair-stuck", "user-" + i));
            }
            Await.until(Duration.ofSeconds(30), () -> hanging.arrived() >= 2,
                    () -> hanging.arrived() + " deliveries held by the hanging receiver");

            StoredEvent event = TestEvents.append(jdbi, writer, TestEvents.authRequired("fair-other", "bob"));
            Await.until(Duration.ofSeconds(30), () -> "delivered".equals(status(api, other, otherHook, event.id())),
                    () -> "the other tenant's delivery is " + status(api, other, otherHook, event.id())
                            + " while the hanging receiver holds " + hanging.arrived());

            assertThat(receiver.received("/webhook")).hasSize(1);
            assertThat(hanging.arrived()).as("the hanging tenant never had more than its two senders").isEqualTo(2);
            JsonNode stuckDeliveries = api.get(stuck, "/v1/webhooks/" + stuckHook + "/deliveries").body()
                    .get("items");
            assertThat(stuckDeliveries).hasSize(6)
                    .allSatisfy(d -> assertThat(d.get("attemptCount").asInt()).as(d.toString()).isZero());
        }
    }

    private static String webhook(ApiClient api, String key, String url) {
        return api.post(key, "/v1/webhooks", "{\"url\":\"" + url + "\"}").body().get("id").asText();
    }

    private static String status(ApiClient api, String key, String webhookId, String eventId) {
        for (JsonNode d : api.get(key, "/v1/webhooks/" + webhookId + "/deliveries").body().get("items")) {
            if (d.get("eventId").asText().equals(eventId)) {
                return d.get("status").asText();
            }
        }
        return "not yet fanned out";
    }
}
