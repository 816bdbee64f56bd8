package dev.latchkey.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/servers} in the running application: wiring, public base URL, development mode, audit. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServersApiTest {

    private static final Path DIR = TempDirs.create("servers-api");
    private static final TestApp TEST_APP = TestApp.h2(DIR).with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static Jdbi jdbi;
    private static ApiClient api;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
    }

    @Test
    void registersListsRefusesADuplicateAndDeletesAuditedAsTheKey() {
        String key = AppDatabase.apiKey(jdbi, "acme-servers");
        String other = AppDatabase.apiKey(jdbi, "globex-servers");

        // Development mode (egress.allowPrivateNetworks, as TestApp runs) accepts a plain-http loopback server.
        ApiClient.Reply created = api.post(key, "/v1/servers",
                "{\"url\":\"http://127.0.0.1:9/mcp\",\"name\":\"Local peer\"}");

        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().get("gatewayUrl").asText()).isEqualTo(TEST_APP.baseUrl() + "/mcp/local-peer");
        assertThat(created.body().get("url").asText()).isEqualTo("http://127.0.0.1:9/mcp");

        JsonNode list = api.get(key, "/v1/servers").body();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("id").asText()).isEqualTo(id);
        assertThat(api.get(other, "/v1/servers").body().get("items")).isEmpty();
        assertThat(api.get(other, "/v1/servers/" + id).status()).isEqualTo(404);

        ApiClient.Reply again = api.post(key, "/v1/servers", "{\"url\":\"http://127.0.0.1:9/mcp/\",\"name\":\"x\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body().get("code").asText()).isEqualTo("server_exists");
        assertThat(again.body().get("serverId").asText()).isEqualTo(id);

        assertThat(api.send(other, "DELETE", "/v1/servers/" + id, null).status()).isEqualTo(404);
        assertThat(api.send(key, "DELETE", "/v1/servers/" + id, null).status()).isEqualTo(204);
        assertThat(api.get(key, "/v1/servers/" + id).status()).isEqualTo(404);

        List<Map<String, Object>> audit = jdbi.withHandle(h -> h.createQuery(
                "SELECT action, actor, tenant, details FROM audit_log WHERE target_id = :id ORDER BY occurred_at, id")
                .bind("id", id).mapToMap().list());
        assertThat(audit).extracting(row -> row.get("action")).containsExactly("server.create", "server.delete");
        String prefix = key.substring(0, "lk_".length() + 10);
        String secretPart = key.substring(prefix.length() + 1);
        assertThat(audit).allSatisfy(row -> {
            assertThat(row.get("tenant")).isEqualTo("acme-servers");
            assertThat(row.get("actor")).isEqualTo(prefix);
            assertThat(String.valueOf(row.get("details"))).contains("slug=local-peer").doesNotContain(secretPart);
        });
    }
}
