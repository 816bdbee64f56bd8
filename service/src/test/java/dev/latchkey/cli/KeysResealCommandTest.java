package dev.latchkey.cli;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.flow.Landing;
import dev.latchkey.idempotency.IdempotencyKeys;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.StoredClientRegistry;
import dev.latchkey.reseal.SealedUsage;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Database;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.webhook.Webhooks;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keys retire} refuses an encryption key that sealed rows still use and says how many per
 * table; {@code keys reseal} moves every sealed value (connections' tokens, registered clients'
 * secrets, webhooks' secrets, legacy flows' URLs) to the active key, does nothing when run again,
 * and then the retirement goes through and every value still opens. On H2 and on PostgreSQL.
 */
class KeysResealCommandTest {

    private static final String TENANT = "acme";
    private static final String ISSUER = "https://as.example";
    private static final String RESOURCE = "https://mcp.example/mcp";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void retireWaitsForResealWhichMovesEveryRowOnce(TestDatabases.Kind kind) throws Exception {
        DataSourceFactory database = database(kind);
        Path config = config(database);
        assertThat(run(config, "keys", "list").failure()).isEmpty();
        Keyring first = keyring();
        String oldKid = first.active(KeyUse.ENCRYPTION).kid();

        try (Database.Standalone db = Database.openStandalone(database)) {
            Jdbi jdbi = db.jdbi();
            String connectionId = writeSealedRows(jdbi, new Sealer(KeyringSource.fixed(first)));

            assertThat(run(config, "keys", "rotate", "--use", "enc").failure()).isEmpty();
            String newKid = keyring().active(KeyUse.ENCRYPTION).kid();

            Result refused = run(config, "keys", "retire", oldKid);
            assertThat(refused.failure()).isPresent();
            assertThat(refused.err()).contains("5 rows still use key " + oldKid).contains("keys reseal")
                    .doesNotContain("Exception");
            assertThat(refused.out()).containsPattern("connections +1").containsPattern("registered_clients +1")
                    .containsPattern("webhooks +1").containsPattern("flows +1").containsPattern("idempotency_keys +1");
            assertThat(keyring().usable(oldKid, KeyUse.ENCRYPTION)).as("not retired").isPresent();

            Result resealed = run(config, "keys", "reseal", "--batch", "1");
            assertThat(resealed.failure()).isEmpty();
            assertThat(resealed.out()).contains("Resealed under " + newKid)
                    .containsPattern("connections +1 +0 +0").containsPattern("registered_clients +1 +0 +0")
                    .containsPattern("webhooks +2 +0 +0").containsPattern("flows +1 +0 +0")
                    .containsPattern("idempotency_keys +1 +0 +0");
            assertThat(new SealedUsage(jdbi).rowsSealedWith(oldKid)).containsOnly(Map.entry("connections", 0L),
                    Map.entry("registered_clients", 0L), Map.entry("webhooks", 0L), Map.entry("flows", 0L),
                    Map.entry("idempotency_keys", 0L));
            assertThat(text(jdbi, "SELECT key_id FROM connections")).isEqualTo(newKid);

            List<String> before = sealedValues(jdbi);
            Result again = run(config, "keys", "reseal");
            assertThat(again.failure()).isEmpty();
            assertThat(again.out()).containsPattern("connections +0 +0 +0").containsPattern("webhooks +0 +0 +0");
            assertThat(sealedValues(jdbi)).as("a second run changes nothing").isEqualTo(before);

            Result retired = run(config, "keys", "retire", oldKid);
            assertThat(retired.failure()).isEmpty();
            Keyring last = keyring();
            assertThat(last.usable(oldKid, KeyUse.ENCRYPTION)).isEmpty();
            assertEveryValueOpens(jdbi, new Sealer(KeyringSource.fixed(last)), connectionId);
            assertThat(retired.out() + refused.out() + resealed.out()).doesNotContain("at-secret")
                    .doesNotContain("client-secret").doesNotContain("hook-secret").doesNotContain("idem-secret");
        }
    }

    /** Five rows with six sealed values, as the code that owns each table seals them; returns the connection id. */
    private static String writeSealedRows(Jdbi jdbi, Sealer sealer) {
        long now = System.currentTimeMillis();
        ConnectionWriter writer = new ConnectionWriter(new TokenVault(sealer), Clock.systemUTC());
        String connectionId = jdbi.inTransaction(h -> writer.store(h, new ConnectionWriter.Identity(TENANT, "ada",
                "srv", "srv", RESOURCE, RESOURCE, RESOURCE, ISSUER, "cli_1"), new TokenSet("at-secret", "Bearer",
                Optional.of("rt-secret"), Optional.empty(), List.of("mcp"))));
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO registered_clients (id, issuer, redirect_uri, status, method, client_id,
                        client_secret_sealed, auth_method, created_at, updated_at)
                    VALUES ('cli_1', :issuer, 'http://127.0.0.1/oauth/callback', 'active', 'dynamic', 'c1', :secret,
                        'client_secret_basic', :now, :now)""")
                    .bind("issuer", ISSUER).bind("secret", sealer.seal("client-secret", StoredClientRegistry.secretAad("cli_1")))
                    .bind("now", now).execute();
            h.createUpdate("""
                    INSERT INTO webhooks (id, tenant, url, enabled, secret_sealed, previous_secret_sealed,
                        previous_secret_until, created_at, updated_at)
                    VALUES ('whk_1', :tenant, 'https://hooks.example/in', TRUE, :secret, :previous, :now, :now, :now)""")
                    .bind("tenant", TENANT).bind("secret", sealer.seal("hook-secret-2", Webhooks.aad("whk_1")))
                    .bind("previous", sealer.seal("hook-secret-1", Webhooks.aad("whk_1"))).bind("now", now).execute();
            h.createUpdate("""
                    INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, status,
                        link_id, authorize_url_sealed, created_at, expires_at)
                    VALUES ('flw_1', :tenant, 'ada', 'srv', 'srv', :resource, :resource, 'pending', 'link_1', :url,
                        :now, :now)""")
                    .bind("tenant", TENANT).bind("resource", RESOURCE)
                    .bind("url", sealer.seal(ISSUER + "/authorize?state=s", Landing.authorizeUrlAad("flw_1")))
                    .bind("now", now).execute();
        });
        IdempotencyKeys keys = new IdempotencyKeys(jdbi, sealer, new IdempotencyKeys.Settings(Duration.ofHours(1),
                Duration.ZERO, Duration.ofMinutes(2)), Clock.systemUTC());
        keys.complete((IdempotencyKeys.Claimed) keys.claim(TENANT, "key-1", "digest"), new IdempotencyKeys.Answer(
                201, Optional.empty(), "application/json", "{\"token\":\"idem-secret\"}".getBytes(StandardCharsets.UTF_8)));
        return connectionId;
    }

    private static void assertEveryValueOpens(Jdbi jdbi, Sealer sealer, String connectionId) {
        Map<String, Object> connection = jdbi.withHandle(h -> h.createQuery(
                "SELECT tokens_sealed FROM connections WHERE id = :id").bind("id", connectionId).mapToMap().one());
        TokenSet tokens = new TokenVault(sealer).open((String) connection.get("tokens_sealed"),
                Connection.aad(connectionId, TENANT, "ada", RESOURCE, ISSUER));
        assertThat(tokens.accessToken()).isEqualTo("at-secret");
        assertThat(tokens.refreshToken()).contains("rt-secret");
        assertThat(sealer.openString(text(jdbi, "SELECT client_secret_sealed FROM registered_clients"),
                StoredClientRegistry.secretAad("cli_1"))).isEqualTo("client-secret");
        assertThat(sealer.openString(text(jdbi, "SELECT secret_sealed FROM webhooks"), Webhooks.aad("whk_1")))
                .isEqualTo("hook-secret-2");
        assertThat(sealer.openString(text(jdbi, "SELECT previous_secret_sealed FROM webhooks"), Webhooks.aad("whk_1")))
                .isEqualTo("hook-secret-1");
        assertThat(sealer.openString(text(jdbi, "SELECT authorize_url_sealed FROM flows"),
                Landing.authorizeUrlAad("flw_1"))).isEqualTo(ISSUER + "/authorize?state=s");
        assertThat(sealer.openString(text(jdbi, "SELECT response_sealed FROM idempotency_keys"),
                IdempotencyKeys.aad(text(jdbi, "SELECT id FROM idempotency_keys")))).isEqualTo("{\"token\":\"idem-secret\"}");
    }

    private static String text(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private static List<String> sealedValues(Jdbi jdbi) {
        return Stream.of("SELECT tokens_sealed FROM connections", "SELECT client_secret_sealed FROM registered_clients",
                "SELECT secret_sealed FROM webhooks", "SELECT previous_secret_sealed FROM webhooks",
                "SELECT authorize_url_sealed FROM flows", "SELECT response_sealed FROM idempotency_keys").map(sql -> text(jdbi, sql)).toList();
    }

    private DataSourceFactory database(TestDatabases.Kind kind) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(TestDatabases.url(kind, dir));
        factory.setUser(kind == TestDatabases.Kind.POSTGRES ? "postgres" : "latchkey");
        factory.setPassword(kind == TestDatabases.Kind.POSTGRES ? "postgres" : "");
        return factory;
    }

    private Path config(DataSourceFactory database) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                database:
                  url: "%s"
                  user: "%s"
                  password: "%s"
                keyring:
                  file: "%s"
                """.formatted(database.getUrl(), database.getUser(), database.getPassword(), dir.resolve("keyring.json")));
        return config;
    }

    private Keyring keyring() throws Exception {
        return Keyring.fromJson(Files.readString(dir.resolve("keyring.json")));
    }

    record Result(Optional<Throwable> failure, String out, String err) {
    }

    static Result run(Path config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bootstrap<LatchkeyConfiguration> bootstrap = new Bootstrap<>(new LatchkeyApplication());
        // Its own override prefix: an app running in this JVM keeps its dw.* overrides in system properties.
        bootstrap.setConfigurationFactoryFactory((type, validator, mapper, prefix) ->
                new YamlConfigurationFactory<>(type, validator, mapper, "cli"));
        bootstrap.addCommand(new KeysCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        String[] all = Stream.concat(Arrays.stream(args), Stream.of(config.toString())).toArray(String[]::new);
        Optional<Throwable> failure = new Cli(new JarLocation(KeysResealCommandTest.class), bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all);
        return new Result(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
