package dev.latchkey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an assistant's API key does to tokens and flows is in the audit log: token reads (both
 * routes), disconnects and cancels, each with the key's prefix, its tenant, the action and the
 * target — and never the token.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp APP = TestApp.h2(TempDirs.create("api-audit"));
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static String apiKey;
    private static String actor;
    private static Jdbi db;
    private static FakeProvider as;

    @BeforeAll
    static void start() {
        db = TestKeys.jdbi(EXT.getConfiguration());
        apiKey = TestKeys.create(db, "acme");
        actor = apiKey.substring(0, "lk_".length() + 10);
        as = new FakeProvider();
    }

    @AfterAll
    static void stop() {
        as.close();
    }

    @Test
    void tokenReadsByEitherRouteAreAuditedWithoutTheToken() throws Exception {
        JsonNode flow = connect("dana");
        String connectionId = flow.get("connectionId").asText();

        HttpResponse<String> read = Http.post(APP.baseUrl() + "/v1/connections/" + connectionId + "/token", apiKey, "");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        HttpResponse<String> shortcut = Http.post(APP.baseUrl() + "/v1/token", apiKey, JSON.createObjectNode()
                .put("subject", "dana").put("serverUrl", as.mcpUrl()).toString());
        assertThat(shortcut.statusCode()).as(shortcut.body()).isEqualTo(200);

        // Two reads: two entries, or one that says "2 times" when both fell in one batching round.
        Await.until(Duration.ofSeconds(10), () -> reads(rows("connection.token_read", connectionId)) == 2,
                () -> rows("connection.token_read", connectionId).toString());
        for (Map<String, Object> row : rows("connection.token_read", connectionId)) {
            assertThat(row).containsEntry("actor_type", "API_KEY").containsEntry("actor", actor)
                    .containsEntry("tenant", "acme").containsEntry("target_type", "connection")
                    .containsEntry("outcome", "SUCCESS");
        }
        String accessToken = JSON.readTree(read.body()).get("accessToken").asText();
        assertThat(accessToken).isNotBlank();
        assertThat(allAuditText()).doesNotContain(accessToken).doesNotContain(apiKey);
    }

    @Test
    void aDisconnectIsAuditedAsTheApiKey() throws Exception {
        String connectionId = connect("erin").get("connectionId").asText();

        HttpResponse<String> deleted = Http.delete(APP.baseUrl() + "/v1/connections/" + connectionId, apiKey);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        assertThat(rows("connection.revoke", connectionId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "API_KEY").containsEntry("actor", actor).containsEntry("tenant", "acme")
                .containsEntry("target_type", "connection").containsEntry("outcome", "SUCCESS"));
    }

    @Test
    void aCancelIsAuditedAsTheApiKey() throws Exception {
        JsonNode flow = startFlow("frank");
        String flowId = flow.get("id").asText();

        HttpResponse<String> cancelled = Http.post(APP.baseUrl() + "/v1/flows/" + flowId + "/cancel", apiKey, "");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

        assertThat(rows("flow.cancel", flowId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "API_KEY").containsEntry("actor", actor).containsEntry("tenant", "acme")
                .containsEntry("target_type", "flow").containsEntry("outcome", "SUCCESS"));
    }

    private JsonNode connect(String subject) throws Exception {
        JsonNode flow = startFlow(subject);
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        return JSON.readTree(Http.get(APP.baseUrl() + "/v1/flows/" + flow.get("id").asText(), apiKey).body());
    }

    private JsonNode startFlow(String subject) throws Exception {
        HttpResponse<String> response = Http.post(APP.baseUrl() + "/v1/flows", apiKey,
                JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", subject).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static List<Map<String, Object>> rows(String action, String targetId) {
        return db.withHandle(h -> h.createQuery("SELECT actor_type, actor, tenant, target_type, outcome, details "
                        + "FROM audit_log WHERE action = :action AND target_id = :target")
                .bind("action", action).bind("target", targetId).mapToMap().list());
    }

    private static String allAuditText() {
        return db.withHandle(h -> h.createQuery("SELECT * FROM audit_log").mapToMap().list()).toString();
    }

    private static long reads(List<Map<String, Object>> rows) {
        return rows.stream().mapToLong(row -> row.get("details") instanceof String details
                && details.matches("(.*; )?\\d+ times, .*")
                ? Long.parseLong(details.replaceFirst("^(.*; )?(\\d+) times, .*$", "$2")) : 1).sum();
    }
}
