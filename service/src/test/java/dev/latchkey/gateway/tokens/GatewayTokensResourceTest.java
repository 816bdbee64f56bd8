package dev.latchkey.gateway.tokens;

import dev.latchkey.testing.ResourceTier;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.latchkey.testing.ResourceTier.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/gateway-tokens} request, answer and problem mapping, in memory over the real service on H2. */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayTokensResourceTest {

    private static final ResourceTier TIER = ResourceTier.onH2("gateway-tokens-resource");
    private static final GatewayTokens TOKENS = new GatewayTokens(TIER.jdbi(), TIER.audit(), TIER.clock());
    static final ResourceExtension RESOURCES = TIER.extension(new GatewayTokensResource(TOKENS));
    private static final String ACME = TIER.apiKey("acme");
    private static final String GLOBEX = TIER.apiKey("globex");
    private static final GenericType<Map<String, Object>> MAP = new GenericType<>() { };

    @AfterAll
    static void close() throws Exception {
        TIER.close();
    }

    @Test
    void aMintAnswers201WithTheTokenOnceAndRfc3339Times() {
        Instant expiry = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Response response = as(ACME, "/v1/gateway-tokens").post(json("{\"subject\":\"alice\",\"name\":\"laptop\","
                + "\"expiresAt\":\"" + expiry + "\",\"servers\":[\"github\",\"srv_1\"]}"));

        assertThat(response.getStatus()).isEqualTo(201);
        Map<String, Object> minted = response.readEntity(MAP);
        String token = (String) minted.get("token");
        assertThat(token).matches("lkg_[a-z2-7]{10}_[A-Za-z0-9_-]{43}");
        assertThat((String) minted.get("id")).startsWith("gwt_");
        assertThat((String) minted.get("prefix")).matches("lkg_[a-z2-7]{10}");
        assertThat(token).startsWith(minted.get("prefix") + "_");
        assertThat(minted).containsEntry("subject", "alice").containsEntry("name", "laptop")
                .containsEntry("servers", List.of("github", "srv_1")).containsEntry("status", "active")
                .containsEntry("expiresAt", expiry.toString())
                .doesNotContainKeys("tokenHash", "hash", "tenant", "revokedAt", "lastUsedAt");
        assertThat(Instant.parse((String) minted.get("createdAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(TOKENS.authenticate(token)).isPresent();

        Map<String, Object> read = as(ACME, "/v1/gateway-tokens/" + minted.get("id")).get(MAP);
        assertThat(read).containsEntry("id", minted.get("id")).doesNotContainKey("token");
        assertThat(read.toString()).doesNotContain(token.substring(15));
    }

    @Test
    void expiresInSecondsAndNoServersAreShownAsSuch() {
        Map<String, Object> minted = as(ACME, "/v1/gateway-tokens")
                .post(json("{\"subject\":\"bob\",\"expiresInSeconds\":3600}")).readEntity(MAP);

        assertThat(Instant.parse((String) minted.get("expiresAt")))
                .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3600));
        assertThat(minted).doesNotContainKeys("servers", "name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|invalid_subject",
            "{\"subject\":\"\"}|invalid_subject",
            "{\"subject\":\"a\\u0000b\"}|invalid_subject",
            "{\"subject\":\"alice\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}|invalid_expiry",
            "{\"subject\":\"alice\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}|invalid_expiry",
            "{\"subject\":\"alice\",\"expiresAt\":\"soon\"}|invalid_expiry",
            "{\"subject\":\"alice\",\"expiresInSeconds\":0}|invalid_expiry",
            "{\"subject\":\"alice\",\"expiresInSeconds\":100000000}|invalid_expiry",
            "{\"subject\":\"alice\",\"expiresInSeconds\":3600,\"expiresAt\":\"2999-01-01T00:00:00Z\"}|invalid_expiry",
            "{\"subject\":\"alice\",\"servers\":[]}|invalid_servers",
            "{\"subject\":\"alice\",\"servers\":[\"a b\"]}|invalid_servers",
            "{\"subject\":\"alice\",\"servers\":[\"../x\"]}|invalid_servers",
            "{\"subject\":\"alice\",\"name\":\"" + "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
                    + "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\"}|invalid_name"})
    void aRequestThatDoesNotHoldIsA400WithItsCode(String body, String code) {
        Map<String, Object> problem = problem(as(ACME, "/v1/gateway-tokens").post(json(body)), 400);

        assertThat(problem).containsEntry("code", code).containsEntry("status", 400);
    }

    @Test
    void noBodyMalformedJsonAndAWrongShapeAreProblems() {
        assertThat(problem(as(ACME, "/v1/gateway-tokens").post(Entity.entity("", MediaType.APPLICATION_JSON)), 400))
                .containsEntry("code", "invalid_subject");
        assertThat(problem(as(ACME, "/v1/gateway-tokens").post(json("{\"subject\":")), 400))
                .containsEntry("code", "malformed_json");
        assertThat(problem(as(ACME, "/v1/gateway-tokens").post(json("{\"subject\":\"a\",\"servers\":\"x\"}")), 400))
                .containsEntry("code", "invalid_body");
    }

    @Test
    void theListIsPagedFilteredByTenantAndSubjectAndNeverCarriesATokenOrHash() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add((String) as(ACME, "/v1/gateway-tokens").post(json("{\"subject\":\"paged\"}"))
                    .readEntity(MAP).get("token"));
        }
        String theirs = (String) as(GLOBEX, "/v1/gateway-tokens").post(json("{\"subject\":\"paged\"}"))
                .readEntity(MAP).get("token");

        Map<String, Object> first = list(ACME, "paged", "2", null);
        assertThat(items(first)).hasSize(2);
        assertThat(first).containsKey("nextCursor");
        Map<String, Object> second = list(ACME, "paged", "2", (String) first.get("nextCursor"));
        assertThat(items(second)).hasSize(1);
        assertThat(second).containsEntry("nextCursor", null);
        List<Object> subjects = new ArrayList<>();
        items(first).forEach(item -> subjects.add(item.get("subject")));
        items(second).forEach(item -> subjects.add(item.get("subject")));
        assertThat(subjects).containsOnly("paged");

        String everything = String.valueOf(list(ACME, null, "200", null));
        for (String token : tokens) {
            assertThat(everything).doesNotContain(token.substring(15));
        }
        assertThat(everything).doesNotContain(theirs.substring(4, 14)).doesNotContain("token=").doesNotContain("Hash");
        assertThat(items(list(GLOBEX, "paged", null, null))).hasSize(1);
    }

    @Test
    void revokingAnswers204AndIsShownAndAnotherTenantsTokenIsNotFound() {
        Map<String, Object> minted = as(GLOBEX, "/v1/gateway-tokens").post(json("{\"subject\":\"zed\"}"))
                .readEntity(MAP);
        String id = (String) minted.get("id");

        for (Response response : List.of(as(ACME, "/v1/gateway-tokens/" + id).delete(),
                as(ACME, "/v1/gateway-tokens/" + id).get(), as(ACME, "/v1/gateway-tokens/gwt_unknown").delete())) {
            assertThat(problem(response, 404)).containsEntry("code", "not_found");
        }
        assertThat(TOKENS.authenticate((String) minted.get("token"))).as("untouched by acme").isPresent();

        assertThat(as(GLOBEX, "/v1/gateway-tokens/" + id).delete().getStatus()).isEqualTo(204);
        assertThat(as(GLOBEX, "/v1/gateway-tokens/" + id).delete().getStatus()).as("again").isEqualTo(204);
        Map<String, Object> read = as(GLOBEX, "/v1/gateway-tokens/" + id).get(MAP);
        assertThat(read).containsEntry("status", "revoked").containsKey("revokedAt");
        assertThat(TOKENS.authenticate((String) minted.get("token"))).isEmpty();
    }

    @Test
    void noOrAWrongKeyIsUnauthorizedAndAGatewayTokenIsNotAnApiKey() {
        String token = (String) as(ACME, "/v1/gateway-tokens").post(json("{\"subject\":\"alice\"}"))
                .readEntity(MAP).get("token");

        assertThat(problem(RESOURCES.target("/v1/gateway-tokens").request().get(), 401))
                .containsEntry("code", "api_key_missing");
        assertThat(problem(as(token, "/v1/gateway-tokens").get(), 401)).containsEntry("code", "api_key_invalid");
    }

    @Test
    void aBadLimitOrCursorIsAProblem() {
        for (String limit : List.of("abc", "0", "201")) {
            assertThat(problem(RESOURCES.target("/v1/gateway-tokens").queryParam("limit", limit).request()
                    .header("Authorization", "Bearer " + ACME).get(), 400)).containsEntry("code", "invalid_limit");
        }
        assertThat(problem(RESOURCES.target("/v1/gateway-tokens").queryParam("cursor", "!!").request()
                .header("Authorization", "Bearer " + ACME).get(), 400)).containsEntry("code", "invalid_cursor");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static Map<String, Object> list(String key, String subject, String limit, String cursor) {
        WebTarget target = RESOURCES.target("/v1/gateway-tokens");
        if (subject != null) {
            target = target.queryParam("subject", subject);
        }
        if (limit != null) {
            target = target.queryParam("limit", limit);
        }
        if (cursor != null) {
            target = target.queryParam("cursor", cursor);
        }
        Response response = target.request().header("Authorization", "Bearer " + key).get();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.readEntity(MAP);
    }

    private static Invocation.Builder as(String key, String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer " + key);
    }

    private static Entity<String> json(String body) {
        return Entity.entity(body, MediaType.APPLICATION_JSON);
    }
}
