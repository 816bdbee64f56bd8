package dev.latchkey.connection;

import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The DPoP binding (migration V21) is stored with the connection, and a later Bearer authorization clears it. */
class ConnectionBindingStoreTest {

    private static final String JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theThumbprintIsStoredWithTheTokensAndReplacedWithThem(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConnectionWriter writer = new ConnectionWriter(new TokenVault(new Sealer(KeyringSource.fixed(
                    Keyring.generate(Clock.systemUTC())))), Clock.systemUTC());
            ConnectionWriter.Identity who = new ConnectionWriter.Identity("acme", "dana", "srv_1", "files",
                    "https://mcp.example/mcp", "https://mcp.example/mcp", "https://mcp.example/mcp", "https://as.example",
                    "cli_1");
            TokenSet bound = new TokenSet("at", "DPoP", Optional.of("rt"), Optional.empty(), List.of("mcp"));
            ConnectionStore connections = new ConnectionStore(store.jdbi());

            String id = store.jdbi().inTransaction(h -> writer.store(h, who, bound, Optional.of(JKT)));
            Connection stored = connections.find(id).orElseThrow();
            assertThat(stored.dpopJkt()).contains(JKT);
            assertThat(stored.dpopBound()).isTrue();

            TokenSet bearer = new TokenSet("at2", "Bearer", Optional.empty(), Optional.empty(), List.of("mcp"));
            String again = store.jdbi().inTransaction(h -> writer.store(h, who, bearer));
            assertThat(again).isEqualTo(id);
            assertThat(connections.find(id).orElseThrow().dpopJkt()).isEmpty();
        }
    }
}
