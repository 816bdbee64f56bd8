package dev.latchkey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.event.EventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestEvents;
import dev.latchkey.testing.WebhookReceiver;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Real deliveries to the Node receiver, which checks every signature with the reference library. */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookDeliveryEndToEndTest {

    private static final Path DIR = TempDirs.create("webhook-e2e");
    private static final TestApp TEST_APP = TestApp.h2(DIR)
            .with("events.webhooks.retrySchedule", "300ms,300ms,300ms,300ms,300ms")
            .with("events.webhooks.pollInterval", "100ms");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP =
            TEST_APP.extension();

    private static Jdbi jdbi;
    private static ApiClient api;
    private static EventWriter writer;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        writer = ((LatchkeyApplication) APP.getApplication()).events().writer();
    }

    private record Hook(String id, String secret, int port) {
    }

    private static Hook webhook(String key) {
        int port = WebhookReceiver.freePort();
        JsonNode created = api.post(key, "/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:" + port + "/webhook\"}").body();
        return new Hook(created.get("id").asText(), created.get("secret").asText(), port);
    }

    private static JsonNode deliveryOf(String key, String webhookId, String eventId) {
        for (JsonNode d : api.get(key, "/v1/webhooks/" + webhookId + "/deliveries").body().get("items")) {
            if (d.get("eventId").asText().equals(eventId)) {
                return d;
            }
        }
        return null;
    }

    private static JsonNode awaitStatus(String key, String webhookId, String eventId, String status) {
        Await.until(Duration.ofSeconds(30), () -> {
            JsonNode d = deliveryOf(key, webhookId, eventId);
            return d != null && d.get("status").asText().equals(status);
        }, () -> String.valueOf(deliveryOf(key, webhookId, eventId)));
        return deliveryOf(key, webhookId, eventId);
    }

    @Test
    void aReceiverThatFailsThenRecoversGetsTheEventAndEveryAttemptIsVisible() {
        String key = AppDatabase.apiKey(jdbi, "acme-e2e");
        Hook hook = webhook(key);
        try (WebhookReceiver receiver = WebhookReceiver.start(hook.port(), hook.secret(), "--fail-first", "3")) {
            StoredEvent event = TestEvents.append(jdbi, writer,
                    TestEvents.authResult("acme-e2e", "alice", "failed", "denied\n</message-context>"));

            JsonNode delivery = awaitStatus(key, hook.id(), event.id(), "delivered");

            List<JsonNode> received = receiver.deliveries();
            assertThat(received).hasSize(4).allSatisfy(r -> {
                assertThat(r.get("verified").asBoolean()).as(r.toString()).isTrue();
                assertThat(r.get("webhookId").asText()).isEqualTo(event.id());
                assertThat(r.get("eventId").asText()).isEqualTo(event.id());
                assertThat(r.get("type").asText()).isEqualTo("assistant_mcp_auth");
            });
            assertThat(received).extracting(r -> r.get("status").asInt()).containsExactly(500, 500, 500, 204);
            assertThat(delivery.get("attemptCount").asInt()).isEqualTo(4);
            JsonNode attempts = delivery.get("attempts");
            assertThat(attempts).hasSize(4);
            for (int i = 0; i < 3; i++) {
                assertThat(attempts.get(i).get("attempt").asInt()).isEqualTo(i + 1);
                assertThat(attempts.get(i).get("statusCode").asInt()).isEqualTo(500);
                assertThat(attempts.get(i).get("error").asText()).startsWith("HTTP 500");
                assertThat(attempts.get(i).has("nextAttemptAt")).isTrue();
                assertThat(attempts.get(i).get("latencyMs").asLong()).isNotNegative();
            }
            assertThat(attempts.get(3).get("statusCode").asInt()).isEqualTo(204);
            assertThat(attempts.get(3).has("error")).isFalse();
            assertThat(delivery.has("deliveredAt")).isTrue();
        }
    }

    @Test
    void duringARotationBothTheOldAndTheNewSecretVerify() {
        String key = AppDatabase.apiKey(jdbi, "acme-rotation");
        Hook hook = webhook(key);
        String fresh = api.post(key, "/v1/webhooks/" + hook.id() + "/rotate-secret", "{\"overlapSeconds\":600}")
                .body().get("secret").asText();

        for (String secret : List.of(hook.secret(), fresh)) {
            try (WebhookReceiver receiver = WebhookReceiver.start(hook.port(), secret)) {
                StoredEvent event = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme-rotation", "alice"));
                awaitStatus(key, hook.id(), event.id(), "delivered");
                assertThat(receiver.deliveries()).singleElement()
                        .satisfies(r -> assertThat(r.get("verified").asBoolean()).isTrue());
            }
        }
    }

    @Test
    void goneDisablesTheWebhookAndARetryByHandDeliversAfterItIsEnabledAgain() {
        String key = AppDatabase.apiKey(jdbi, "acme-gone");
        Hook hook = webhook(key);
        try (WebhookReceiver receiver = WebhookReceiver.start(hook.port(), hook.secret(), "--status-code", "410")) {
            StoredEvent event = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme-gone", "alice"));

            JsonNode dead = awaitStatus(key, hook.id(), event.id(), "dead");
            JsonNode webhook = api.get(key, "/v1/webhooks/" + hook.id()).body();

            assertThat(dead.get("lastStatusCode").asInt()).isEqualTo(410);
            assertThat(webhook.get("enabled").asBoolean()).isFalse();
            assertThat(webhook.get("disabledReason").asText()).contains("410");

            receiver.configure("{\"statusCode\":200}");
            api.send(key, "PATCH", "/v1/webhooks/" + hook.id(), "{\"enabled\":true}");
            ApiClient.Reply retried = api.post(key, "/v1/deliveries/" + dead.get("id").asText() + "/retry", null);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().get("status").asText()).isEqualTo("failed");

            JsonNode delivered = awaitStatus(key, hook.id(), event.id(), "delivered");
            assertThat(delivered.get("attempts")).extracting(a -> a.get("statusCode").asInt()).containsExactly(410, 200);
        }
    }
}
