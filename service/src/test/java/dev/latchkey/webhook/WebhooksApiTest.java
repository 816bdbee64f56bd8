package dev.latchkey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksApiTest {

    private static final Path DIR = TempDirs.create("webhooks-api");
    private static final TestApp TEST_APP = TestApp.h2(DIR).with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static Jdbi jdbi;
    private static ApiClient api;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("code").asText()).isEqualTo(code);
    }

    @Test
    void createsShowsTheSecretOnceListsAndDeletes() {
        String key = AppDatabase.apiKey(jdbi, "acme-crud");

        ApiClient.Reply created = api.post(key, "/v1/webhooks",
                "{\"url\":\"https://hooks.example.com/latchkey\",\"eventTypes\":[\"assistant_mcp_auth\"]}");

        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        String secret = created.body().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(created.body().get("enabled").asBoolean()).isTrue();
        assertThat(created.body().get("eventTypes").toString()).isEqualTo("[\"assistant_mcp_auth\"]");
        JsonNode shown = api.get(key, "/v1/webhooks/" + id).body();
        assertThat(shown.has("secret")).isFalse();
        assertThat(shown.toString()).doesNotContain(secret);
        assertThat(api.get(key, "/v1/webhooks").body().toString()).contains(id).doesNotContain(secret);
        String sealed = jdbi.withHandle(h -> h.createQuery("SELECT secret_sealed FROM webhooks WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(sealed).startsWith("v1.").doesNotContain(secret.substring(6));
        assertThat(Sealer.keyId(sealed)).isNotEmpty();

        assertThat(api.send(key, "DELETE", "/v1/webhooks/" + id, null).status()).isEqualTo(204);
        assertProblem(api.get(key, "/v1/webhooks/" + id), 404, "not_found");
        assertThat(api.get(key, "/v1/webhooks").body().toString()).doesNotContain(id);
    }

    @Test
    void rotationShowsANewSecretOnceAndKeepsTheOldOneSigningForTheOverlap() {
        String key = AppDatabase.apiKey(jdbi, "acme-rotate");
        JsonNode created = api.post(key, "/v1/webhooks", "{\"url\":\"https://hooks.example.com/r\"}").body();
        String id = created.get("id").asText();

        ApiClient.Reply rotated = api.post(key, "/v1/webhooks/" + id + "/rotate-secret", "{\"overlapSeconds\":3600}");

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body().get("secret").asText()).startsWith("whsec_")
                .isNotEqualTo(created.get("secret").asText());
        assertThat(rotated.body().get("previousSecretExpiresAt").asText()).isNotEmpty();
        assertProblem(api.post(key, "/v1/webhooks/" + id + "/rotate-secret", "{\"overlapSeconds\":-1}"), 400,
                "invalid_overlap");
    }

    @Test
    void badInputAndUnknownIdsAreProblems() {
        String key = AppDatabase.apiKey(jdbi, "acme-problems");
        String other = AppDatabase.apiKey(jdbi, "globex-problems");
        String theirs = api.post(other, "/v1/webhooks", "{\"url\":\"https://hooks.example.com/g\"}").body()
                .get("id").asText();

        assertProblem(api.post(key, "/v1/webhooks", "{\"url\":\"ftp://hooks.example.com/\"}"), 400,
                "invalid_webhook_url");
        assertProblem(api.post(key, "/v1/webhooks", "{\"url\":\"https://user:pw@hooks.example.com/\"}"), 400,
                "invalid_webhook_url");
        assertProblem(api.post(key, "/v1/webhooks", "{}"), 400, "invalid_webhook_url");
        assertProblem(api.post(key, "/v1/webhooks", "{\"url\":\"https://h.example/\",\"eventTypes\":[\"nope\"]}"),
                400, "invalid_event_type");
        for (String id : new String[] {"whk_unknown", theirs}) {
            assertProblem(api.get(key, "/v1/webhooks/" + id), 404, "not_found");
            assertProblem(api.send(key, "DELETE", "/v1/webhooks/" + id, null), 404, "not_found");
            assertProblem(api.post(key, "/v1/webhooks/" + id + "/rotate-secret", "{}"), 404, "not_found");
            assertProblem(api.get(key, "/v1/webhooks/" + id + "/deliveries"), 404, "not_found");
        }
        assertProblem(api.post(key, "/v1/deliveries/dlv_unknown/retry", null), 404, "not_found");
        assertThat(api.get(other, "/v1/webhooks/" + theirs).status()).isEqualTo(200);
        assertThat(api.get(null, "/v1/webhooks").status()).isEqualTo(401);
    }

    @Test
    void aWebhookCanBeDisabledAndEnabled() {
        String key = AppDatabase.apiKey(jdbi, "acme-toggle");
        String id = api.post(key, "/v1/webhooks", "{\"url\":\"https://hooks.example.com/t\",\"enabled\":false}")
                .body().get("id").asText();

        assertThat(api.get(key, "/v1/webhooks/" + id).body().get("enabled").asBoolean()).isFalse();
        JsonNode enabled = api.send(key, "PATCH", "/v1/webhooks/" + id, "{\"enabled\":true}").body();

        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(enabled.get("url").asText()).isEqualTo("https://hooks.example.com/t");
    }
}
