package dev.latchkey.reseal;

import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resealing while a server writes: a row the server replaces between the resealer's read and its
 * update keeps the server's value (the update is conditional on the value read), and the next pass
 * moves that value to the active key. On H2 and on PostgreSQL.
 */
class ResealerStoreTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ConnectionWriter.Identity WHO = new ConnectionWriter.Identity("acme", "ada", "srv", "srv",
            "https://mcp.example/mcp", "https://mcp.example/mcp", "https://mcp.example/mcp", "https://as.example",
            "cli_1");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aConcurrentWriteIsNeverOverwrittenAndIsResealedByTheNextPass(TestDatabases.Kind kind) throws Exception {
        Keyring old = Keyring.generate(CLOCK);
        Keyring rotated = old.rotate(KeyUse.ENCRYPTION, CLOCK);
        // The server has not read the rotated keyring yet: it still seals with the old key.
        ConnectionWriter server = new ConnectionWriter(new TokenVault(new Sealer(KeyringSource.fixed(old))), CLOCK);
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = db.jdbi();
            String id = jdbi.inTransaction(h -> server.store(h, WHO, tokens("at-1")));
            AtomicBoolean written = new AtomicBoolean();
            jdbi.setSqlLogger(new SqlLogger() {
                @Override
                public void logBeforeExecution(StatementContext context) {
                    // Between the resealer's read and its first update: the server refreshes the tokens.
                    if (context.getRawSql().startsWith("UPDATE connections SET tokens_sealed")
                            && written.compareAndSet(false, true)) {
                        jdbi.useTransaction(h -> server.store(h, WHO, tokens("at-2")));
                    }
                }
            });

            Resealer.Report report = new Resealer(jdbi, KeyringSource.fixed(rotated), 10).resealAll();

            assertThat(written).isTrue();
            Resealer.TableOutcome connections = report.tables().stream()
                    .filter(t -> t.table().equals("connections")).findFirst().orElseThrow();
            assertThat(connections.resealed()).as("the server's value, on the second pass").isEqualTo(1);
            assertThat(connections.stillChanging()).isZero();
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery(
                    "SELECT tokens_sealed, key_id FROM connections WHERE id = :id").bind("id", id).mapToMap().one());
            String newKid = rotated.active(KeyUse.ENCRYPTION).kid();
            assertThat(row.get("key_id")).isEqualTo(newKid);
            TokenSet stored = new TokenVault(new Sealer(KeyringSource.fixed(rotated))).open(
                    (String) row.get("tokens_sealed"), Connection.aad(id, WHO.tenant(), WHO.subject(), WHO.resource(),
                            WHO.issuer()));
            assertThat(stored.accessToken()).as("the concurrent write survived").isEqualTo("at-2");
            assertThat(new SealedUsage(jdbi).rowsSealedWith(old.active(KeyUse.ENCRYPTION).kid()).values())
                    .containsOnly(0L);
        }
    }

    private static TokenSet tokens(String accessToken) {
        return new TokenSet(accessToken, "Bearer", Optional.of("rt"), Optional.empty(), List.of("mcp"));
    }
}
