package dev.latchkey.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowPrimerTest {

    @TempDir
    Path dir;

    @Test
    void primesWithoutWritingAnything() throws Exception {
        try (StoreFixture store = StoreFixture.open(TestDatabases.Kind.H2, dir)) {
            Jdbi jdbi = store.jdbi();
            KeyringSource keys = KeyringSource.fixed(Keyring.generate(Clock.systemUTC()));

            new FlowPrimer(new StateCodec(keys), new Sealer(keys), Jackson.newObjectMapper(), jdbi,
                    Clock.systemUTC()).start();

            for (String table : new String[] {"flows", "flow_steps", "events", "audit_log", "registered_clients"}) {
                long rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
                assertThat(rows).as(table).isZero();
            }
        }
    }

    @Test
    void aFailureWhilePrimingNeverStopsTheStart() throws Exception {
        try (StoreFixture store = StoreFixture.open(TestDatabases.Kind.H2, dir)) {
            KeyringSource broken = new KeyringSource(Keyring.generate(Clock.systemUTC()), () -> {
                throw new IllegalStateException("unreadable");
            });
            store.close();

            assertThatCode(() -> new FlowPrimer(new StateCodec(broken), new Sealer(broken), Jackson.newObjectMapper(),
                    store.jdbi(), Clock.systemUTC()).start()).doesNotThrowAnyException();
        }
    }
}
