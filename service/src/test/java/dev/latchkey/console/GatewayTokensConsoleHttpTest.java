package dev.latchkey.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.gateway.tokens.GatewayTokens;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway tokens in the running application: minted, listed and revoked through the API end to end,
 * listed in the console (never the token) and revoked there with the session's CSRF token.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayTokensConsoleHttpTest {

    private static final TestApp APP = TestApp.h2(TempDirs.create("gateway-tokens-console"));
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "correct horse battery";

    private static Jdbi jdbi;
    private static ApiClient api;
    private static GatewayTokens tokens;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(EXT.getConfiguration());
        api = new ApiClient(APP.baseUrl());
        tokens = new GatewayTokens(jdbi, new AuditLog(jdbi, Clock.systemUTC()), Clock.systemUTC());
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", PASSWORD.toCharArray());
    }

    @Test
    void theApiMintsListsAndRevokesEndToEnd() {
        String key = AppDatabase.apiKey(jdbi, "acme-api");
        String other = AppDatabase.apiKey(jdbi, "globex-api");

        ApiClient.Reply minted = api.post(key, "/v1/gateway-tokens",
                "{\"subject\":\"alice\",\"expiresInSeconds\":86400,\"servers\":[\"github\"]}");

        assertThat(minted.status()).as(String.valueOf(minted.body())).isEqualTo(201);
        String id = minted.body().get("id").asText();
        String token = minted.body().get("token").asText();
        assertThat(token).startsWith("lkg_");
        assertThat(tokens.authenticate(token)).hasValueSatisfying(caller -> {
            assertThat(caller.tenant()).isEqualTo("acme-api");
            assertThat(caller.subject()).isEqualTo("alice");
            assertThat(caller.servers()).containsExactly("github");
        });
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT token_hash || prefix FROM gateway_tokens WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(stored).doesNotContain(token.substring(15));

        ApiClient.Reply listed = api.get(key, "/v1/gateway-tokens?subject=alice");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().get("items")).hasSize(1);
        assertThat(listed.body().toString()).contains(id).doesNotContain(token.substring(15));
        assertThat(api.get(other, "/v1/gateway-tokens").body().toString()).doesNotContain(id);

        ApiClient.Reply invalid = api.post(key, "/v1/gateway-tokens", "{\"subject\":\"a\",\"servers\":[]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.body().get("code").asText()).isEqualTo("invalid_servers");

        ApiClient.Reply theirs = api.send(other, "DELETE", "/v1/gateway-tokens/" + id, null);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(tokens.authenticate(token)).isPresent();
        assertThat(api.send(key, "DELETE", "/v1/gateway-tokens/" + id, null).status()).isEqualTo(204);
        assertThat(tokens.authenticate(token)).isEmpty();
        JsonNode after = api.get(key, "/v1/gateway-tokens/" + id).body();
        assertThat(after.get("status").asText()).isEqualTo("revoked");
        assertThat(audit("gateway_token.mint", id)).containsExactly(actorOf(key));
        assertThat(audit("gateway_token.revoke", id)).containsExactly(actorOf(key));
    }

    @Test
    void theConsoleListsTokensWithoutTheirValueAndRevokesOneWithCsrf() {
        String key = AppDatabase.apiKey(jdbi, "acme-console");
        JsonNode minted = api.post(key, "/v1/gateway-tokens",
                "{\"subject\":\"<b>bob</b>\",\"name\":\"bob's laptop\",\"servers\":[\"github\",\"slack\"]}").body();
        String id = minted.get("id").asText();
        String token = minted.get("token").asText();
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        assertThat(browser.signIn("ada", PASSWORD).statusCode()).isEqualTo(303);

        HttpResponse<String> page = browser.get("/console/gateway-tokens?tenant=acme-console");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/console/gateway-tokens\" class=\"active\"")
                .contains("id=\"gateway-token-" + id + "\"", "acme-console", "&lt;b&gt;bob&lt;/b&gt;",
                        "bob&#39;s laptop", minted.get("prefix").asText(), "github slack",
                        "/console/gateway-tokens/" + id + "/revoke")
                .doesNotContain("<b>bob</b>").doesNotContain(token.substring(15));
        assertThat(browser.get("/console").body()).as("linked from the navigation")
                .contains("href=\"/console/gateway-tokens\"");

        HttpResponse<String> forged = browser.post("/console/gateway-tokens/" + id + "/revoke",
                Map.of("csrf", "x".repeat(43)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(tokens.authenticate(token)).as("still valid after a forged post").isPresent();

        HttpResponse<String> revoked = browser.post("/console/gateway-tokens/" + id + "/revoke",
                Map.of("csrf", ConsoleHttp.csrfOf(page.body())));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(revoked.headers().firstValue("location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/console/gateway-tokens?done=revoked"));
        assertThat(tokens.authenticate(token)).isEmpty();
        assertThat(audit("gateway_token.revoke", id)).containsExactly("ada");

        HttpResponse<String> after = browser.get("/console/gateway-tokens?tenant=acme-console&done=revoked");
        assertThat(after.body()).contains("The gateway token was revoked.", "pill-revoked")
                .doesNotContain("/console/gateway-tokens/" + id + "/revoke").doesNotContain(token.substring(15));
        HttpResponse<String> again = browser.post("/console/gateway-tokens/" + id + "/revoke",
                Map.of("csrf", ConsoleHttp.csrfOf(after.body())));
        assertThat(again.headers().firstValue("location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/console/gateway-tokens?done=unchanged"));
    }

    @Test
    void thePageNeedsAnOperator() {
        HttpResponse<String> response = new ConsoleHttp(APP.baseUrl()).get("/console/gateway-tokens");

        assertThat(response.statusCode()).isEqualTo(303);
    }

    private static String actorOf(String apiKey) {
        return apiKey.substring(0, apiKey.indexOf('_', 3));
    }

    private static List<String> audit(String action, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT actor FROM audit_log WHERE action = :action AND target_id = :id")
                .bind("action", action).bind("id", id).mapTo(String.class).list());
    }
}
