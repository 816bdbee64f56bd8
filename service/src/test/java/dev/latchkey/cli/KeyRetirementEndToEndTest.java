package dev.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running instance follows {@code keys rotate}, {@code keys reseal} and {@code keys retire} run
 * beside it, within {@code keyring.reloadInterval} and without a restart: it seals with the new key,
 * serves the resealed tokens, and no longer opens a value sealed with the retired key (a problem
 * asking for a new authorization, not an error).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeyRetirementEndToEndTest {

    private static final long RELOAD_MILLIS = 500;
    private static final Path DIR = TempDirs.create("key-retirement");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = TestApp.h2(DIR)
            .with("keyring.reloadInterval", RELOAD_MILLIS + "ms").extension();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunningInstanceFollowsRotationResealAndRetirementWithinTheReloadInterval() throws Exception {
        LatchkeyConfiguration config = EXT.getConfiguration();
        String base = "http://127.0.0.1:" + EXT.getLocalPort();
        String apiKey = TestKeys.create(config, "acme");
        Jdbi jdbi = TestKeys.jdbi(config);
        Path cliConfig = DIR.resolve("cli.yml");
        Files.writeString(cliConfig, """
                database:
                  url: "%s"
                  user: "%s"
                keyring:
                  file: "%s"
                """.formatted(config.getDatabase().getUrl(), config.getDatabase().getUser(),
                config.getKeyring().getFile()));
        Keyring first = config.getKeyring().loadOrCreate(Clock.systemUTC());
        String oldKid = first.active(KeyUse.ENCRYPTION).kid();
        // A writer that keeps the first keyring: what an instance that never reloads would write.
        ConnectionWriter stale = new ConnectionWriter(new TokenVault(new Sealer(KeyringSource.fixed(first))),
                Clock.systemUTC());
        String kept = store(jdbi, stale, "ada", "at-kept");
        assertThat(accessToken(base, apiKey, kept)).isEqualTo("at-kept");

        assertThat(KeysResealCommandTest.run(cliConfig, "keys", "rotate", "--use", "enc").failure()).isEmpty();
        String newKid = config.getKeyring().loadOrCreate(Clock.systemUTC()).active(KeyUse.ENCRYPTION).kid();
        Thread.sleep(RELOAD_MILLIS + 200);
        HttpResponse<String> webhook = Http.post(base + "/v1/webhooks", apiKey, "{\"url\":\"http://127.0.0.1:9/hook\"}");
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
        String secretSealed = jdbi.withHandle(h -> h.createQuery("SELECT secret_sealed FROM webhooks WHERE id = :id")
                .bind("id", JSON.readTree(webhook.body()).get("id").asText()).mapTo(String.class).one());
        assertThat(Sealer.keyId(secretSealed)).as("the running instance seals with the new key").isEqualTo(newKid);

        assertThat(KeysResealCommandTest.run(cliConfig, "keys", "reseal").failure()).isEmpty();
        KeysResealCommandTest.Result retired = KeysResealCommandTest.run(cliConfig, "keys", "retire", oldKid);
        assertThat(retired.failure()).as(retired.err()).isEmpty();
        String late = store(jdbi, stale, "bob", "at-late");
        Thread.sleep(RELOAD_MILLIS + 200);

        assertThat(accessToken(base, apiKey, kept)).as("resealed tokens still open").isEqualTo("at-kept");
        HttpResponse<String> refused = Http.post(base + "/v1/connections/" + late + "/token", apiKey, "");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("code").asText()).isEqualTo("reauthorization_required");
        assertThat(problem.get("detail").asText()).contains("retired");
    }

    private static String store(Jdbi jdbi, ConnectionWriter writer, String subject, String accessToken) {
        return jdbi.inTransaction(h -> writer.store(h, new ConnectionWriter.Identity("acme", subject, "srv", "srv",
                "https://mcp.example/mcp", "https://mcp.example/mcp", "https://mcp.example/mcp", "https://as.example",
                "cli_x"),
                new TokenSet(accessToken, "Bearer", Optional.empty(), Optional.empty(), List.of("mcp"))));
    }

    private static String accessToken(String base, String apiKey, String connectionId) throws Exception {
        HttpResponse<String> response = Http.post(base + "/v1/connections/" + connectionId + "/token", apiKey, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("accessToken").asText();
    }
}
