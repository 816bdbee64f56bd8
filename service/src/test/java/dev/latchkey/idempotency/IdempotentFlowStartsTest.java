package dev.latchkey.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retried flow starts create nothing twice: 100 concurrent identical {@code POST /v1/flows} with
 * one {@code Idempotency-Key}, spread over two instances sharing PostgreSQL, make one flow, one event
 * and one webhook delivery; and without a key, a second start for the same subject, server and
 * scopes (also through {@code POST /v1/token}) gets the pending flow instead of a new one.
 */
class IdempotentFlowStartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void concurrentRetriesOnTwoInstancesMakeOneFlowOneEventOneDelivery() throws Exception {
        Path dir = TempDirs.create("idempotent-pg");
        String url = TestDatabases.freshPostgresUrl();
        TestApp first = TestApp.on(TestDatabases.Kind.POSTGRES, url, dir);
        TestApp second = TestApp.on(TestDatabases.Kind.POSTGRES, url, dir).with("publicBaseUrl", first.baseUrl());
        DropwizardTestSupport<LatchkeyConfiguration> a = support(first);
        DropwizardTestSupport<LatchkeyConfiguration> b = support(second);
        try (FakeProvider as = new FakeProvider(); LoopbackHttpServer hooks = new LoopbackHttpServer()) {
            hooks.route("/hook", received -> LoopbackHttpServer.Reply.json(204, ""));
            a.before();
            b.before();
            String key = TestKeys.create(a.getConfiguration(), "acme");
            assertThat(Http.post(first.baseUrl() + "/v1/webhooks", key,
                    "{\"url\":\"" + hooks.uri("/hook") + "\"}").statusCode()).isEqualTo(201);
            String body = JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "erin").toString();

            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String base = i % 2 == 0 ? first.baseUrl() : second.baseUrl();
                sent.add(Http.sendAsync(start(base, key, "retry-of-erin-1", body)));
            }
            List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
            assertThat(answers.stream().map(answer -> id(answer.body())).distinct()).hasSize(1);
            assertThat(answers.stream().filter(answer -> answer.headers().firstValue("Idempotent-Replayed")
                    .isPresent())).hasSize(99);

            Jdbi db = Jdbi.create(url, "postgres", "postgres");
            assertThat(count(db, "SELECT COUNT(*) FROM flows WHERE subject = 'erin'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM events WHERE subject = 'erin'")).isEqualTo(1);
            Await.until(Duration.ofSeconds(20), () -> count(db, "SELECT COUNT(*) FROM webhook_deliveries") >= 1,
                    () -> "no webhook delivery");
            Thread.sleep(1500); // a second delivery, if there were one, would be fanned out by now
            assertThat(count(db, "SELECT COUNT(*) FROM webhook_deliveries")).isEqualTo(1);

            // The same key with another body is refused, and starts nothing.
            String other = JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "frank").toString();
            HttpResponse<String> reused = Http.send(start(first.baseUrl(), key, "retry-of-erin-1", other));
            assertThat(reused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(reused.body()).get("code").asText()).isEqualTo("idempotency_key_reused");
            assertThat(count(db, "SELECT COUNT(*) FROM flows WHERE subject = 'frank'")).isZero();
        } finally {
            b.after();
            a.after();
        }
    }

    @Test
    void aSecondStartForTheSameServerAndScopesGetsThePendingFlow() throws Exception {
        Path dir = TempDirs.create("pending-reuse");
        TestApp app = TestApp.h2(dir);
        DropwizardTestSupport<LatchkeyConfiguration> run = support(app);
        try (FakeProvider as = new FakeProvider()) {
            run.before();
            String key = TestKeys.create(run.getConfiguration(), "acme");
            String body = JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "gina").toString();
            HttpResponse<String> started = Http.post(app.baseUrl() + "/v1/flows", key, body);
            assertThat(started.statusCode()).isEqualTo(201);
            String flowId = id(started.body());

            HttpResponse<String> again = Http.post(app.baseUrl() + "/v1/flows", key, body);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(id(again.body())).isEqualTo(flowId);
            assertThat(again.headers().firstValue("Location")).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/v1/flows/" + flowId));
            JsonNode token = JSON.readTree(Http.post(app.baseUrl() + "/v1/token", key, body).body());
            assertThat(token.get("code").asText()).isEqualTo("authorization_required");
            assertThat(token.get("flowId").asText()).isEqualTo(flowId);

            // Other scopes, or another context, are another request: a new flow.
            String scoped = JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "gina")
                    .set("scopes", JSON.createArrayNode().add("admin:everything")).toString();
            HttpResponse<String> wider = Http.post(app.baseUrl() + "/v1/flows", key, scoped);
            assertThat(wider.statusCode()).isEqualTo(201);
            assertThat(id(wider.body())).isNotEqualTo(flowId);
            String withContext = JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "gina")
                    .set("context", JSON.createObjectNode().put("conversation", "c-2")).toString();
            assertThat(id(Http.post(app.baseUrl() + "/v1/flows", key, withContext).body())).isNotEqualTo(flowId);
        } finally {
            run.after();
        }
    }

    private static HttpRequest start(String base, String key, String idempotencyKey, String body) {
        return Http.apiRequest("POST", base + "/v1/flows", key, body).header("Idempotency-Key", idempotencyKey)
                .timeout(Duration.ofSeconds(60)).build();
    }

    private static String id(String body) {
        try {
            return JSON.readTree(body).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError("not a flow: " + body, e);
        }
    }

    private static long count(Jdbi db, String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static DropwizardTestSupport<LatchkeyConfiguration> support(TestApp app) {
        return new DropwizardTestSupport<>(LatchkeyApplication.class, app.configFile(), app.overrides());
    }
}
