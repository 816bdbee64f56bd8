package dev.latchkey.webhook;

import dev.latchkey.event.EventSignal;
import dev.latchkey.testing.ResourceTier;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.latchkey.testing.ResourceTier.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/webhooks} request and problem mapping, served in memory over the real webhook services. */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksResourceTest {

    private static final ResourceTier TIER = ResourceTier.onH2("webhooks-resource");
    private static final Webhooks WEBHOOKS = new Webhooks(TIER.jdbi(), TIER.sealer(), TIER.audit(), TIER.clock(),
            new WebhookUrlPolicy(false), Duration.ofHours(1));
    static final ResourceExtension RESOURCES = TIER.extension(new WebhooksResource(WEBHOOKS,
            new Deliveries(TIER.jdbi(), WEBHOOKS, TIER.audit(), new EventSignal(), TIER.clock())));
    private static final String ACME = TIER.apiKey("acme");
    private static final String GLOBEX = TIER.apiKey("globex");
    private static final GenericType<Map<String, Object>> MAP = new GenericType<>() { };

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"url\":\"ftp://hooks.example.com/\"}", "{\"url\":\"http://hooks.example.com/\"}",
            "{\"url\":\"https://user:pw@hooks.example.com/\"}", "{\"url\":\"https://hooks.example.com/#f\"}",
            "{\"url\":\"https:///no-host\"}", "{}", "{\"url\":\"   \"}"})
    void aBadUrlIsAnInvalidWebhookUrlProblem(String body) {
        Map<String, Object> problem = problem(as(ACME, "/v1/webhooks").post(json(body)), 400);
        assertThat(problem).containsEntry("code", "invalid_webhook_url").containsEntry("status", 400);
        assertThat((String) problem.get("detail")).startsWith("url ");
    }

    @Test
    void noBodyIsAnInvalidWebhookUrlProblem() {
        Map<String, Object> problem = problem(as(ACME, "/v1/webhooks").post(Entity.entity("",
                MediaType.APPLICATION_JSON)), 400);
        assertThat(problem).containsEntry("code", "invalid_webhook_url").containsEntry("detail", "url is required.");
    }

    @Test
    void anUnknownEventTypeIsItsOwnProblem() {
        Map<String, Object> problem = problem(as(ACME, "/v1/webhooks").post(json(
                "{\"url\":\"https://hooks.example.com/in\",\"eventTypes\":[\"nope\"]}")), 400);
        assertThat(problem).containsEntry("code", "invalid_event_type");
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        Map<String, Object> problem = problem(as(ACME, "/v1/webhooks").post(json("{\"url\":")), 400);
        assertThat(problem).containsEntry("code", "malformed_json");
        assertThat(problem.toString()).doesNotContain("Exception");
        assertThat(problem(as(ACME, "/v1/webhooks").post(json("{\"url\":[1]}")), 400))
                .containsEntry("code", "invalid_body");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 7 * 24 * 3600 + 1})
    void anOverlapOutsideZeroToSevenDaysIsRefused(long seconds) {
        String id = created(ACME);
        Map<String, Object> problem = problem(as(ACME, "/v1/webhooks/" + id + "/rotate-secret")
                .post(json("{\"overlapSeconds\":" + seconds + "}")), 400);
        assertThat(problem).containsEntry("code", "invalid_overlap")
                .containsEntry("detail", "overlapSeconds must be from 0 to 604800.");
    }

    @Test
    void aCreatedWebhookShowsItsSecretOnceAndMapsItsFields() {
        Response response = as(ACME, "/v1/webhooks").post(json(
                "{\"url\":\"https://hooks.example.com/in\",\"eventTypes\":[\"assistant_mcp_auth\"]}"));
        assertThat(response.getStatus()).isEqualTo(201);
        Map<String, Object> created = response.readEntity(MAP);
        assertThat((String) created.get("id")).startsWith("whk_");
        assertThat(created).containsEntry("url", "https://hooks.example.com/in")
                .containsEntry("eventTypes", List.of("assistant_mcp_auth")).containsEntry("enabled", true);
        assertThat((String) created.get("secret")).isNotBlank();

        Map<String, Object> read = as(ACME, "/v1/webhooks/" + created.get("id")).get(MAP);
        assertThat(read).containsEntry("id", created.get("id")).doesNotContainKey("secret");
    }

    @Test
    void anotherTenantsWebhookIsNotFoundEverywhere() {
        String theirs = created(GLOBEX);
        for (Response response : List.of(as(ACME, "/v1/webhooks/" + theirs).get(),
                as(ACME, "/v1/webhooks/" + theirs).delete(),
                as(ACME, "/v1/webhooks/" + theirs + "/rotate-secret").post(json("{}")),
                as(ACME, "/v1/webhooks/" + theirs + "/deliveries").get())) {
            assertThat(problem(response, 404)).containsEntry("code", "not_found");
        }
        assertThat(as(GLOBEX, "/v1/webhooks/" + theirs).get().getStatus()).as("still there for its owner").isEqualTo(200);
    }

    @Test
    void noOrAWrongKeyIsUnauthorizedWithAChallenge() {
        Response missing = RESOURCES.target("/v1/webhooks").request().get();
        assertThat(missing.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
        assertThat(problem(missing, 401)).containsEntry("code", "api_key_missing");
        assertThat(problem(as("lk_not-a-real-key", "/v1/webhooks").get(), 401)).containsEntry("code", "api_key_invalid");
    }

    @Test
    void aBadLimitOnDeliveriesIsAProblem() {
        String id = created(ACME);
        for (String limit : List.of("abc", "0", "201")) {
            assertThat(problem(withLimit(ACME, "/v1/webhooks/" + id + "/deliveries", limit).get(), 400))
                    .containsEntry("code", "invalid_limit");
        }
        Map<String, Object> page = withLimit(ACME, "/v1/webhooks/" + id + "/deliveries", "5").get(MAP);
        assertThat(page).containsEntry("items", List.of()).containsEntry("nextCursor", null);
    }

    @Test
    void theListIsPagedInTheOneEnvelope() {
        String initech = TIER.apiKey("initech");
        List<String> ids = List.of(created(initech), created(initech), created(initech));

        Map<String, Object> first = withLimit(initech, "/v1/webhooks", "2").get(MAP);
        assertThat((List<?>) first.get("items")).hasSize(2);
        assertThat(first.get("nextCursor")).isInstanceOf(String.class);
        Map<String, Object> second = RESOURCES.target("/v1/webhooks").queryParam("limit", "2")
                .queryParam("cursor", first.get("nextCursor")).request()
                .header("Authorization", "Bearer " + initech).get(MAP);
        assertThat(second).containsEntry("nextCursor", null);
        assertThat(java.util.stream.Stream.concat(((List<?>) first.get("items")).stream(),
                ((List<?>) second.get("items")).stream()).map(w -> (String) ((Map<?, ?>) w).get("id")))
                .containsExactlyInAnyOrderElementsOf(ids);

        assertThat(problem(RESOURCES.target("/v1/webhooks").queryParam("cursor", "bm9wZQ").request()
                .header("Authorization", "Bearer " + initech).get(), 400)).containsEntry("code", "invalid_cursor");
        assertThat(as(TIER.apiKey("hooli"), "/v1/webhooks").get(MAP)).containsEntry("items", List.of());
    }

    private static String created(String key) {
        Response response = as(key, "/v1/webhooks").post(json("{\"url\":\"https://hooks.example.com/x\"}"));
        assertThat(response.getStatus()).isEqualTo(201);
        return (String) response.readEntity(MAP).get("id");
    }

    private static Invocation.Builder as(String key, String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer " + key);
    }

    private static Invocation.Builder withLimit(String key, String path, String limit) {
        return RESOURCES.target(path).queryParam("limit", limit).request().header("Authorization", "Bearer " + key);
    }

    private static Entity<String> json(String body) {
        return Entity.entity(body, MediaType.APPLICATION_JSON);
    }
}
