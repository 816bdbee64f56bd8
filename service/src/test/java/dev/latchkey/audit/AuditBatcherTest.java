package dev.latchkey.audit;

import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched audit entries are all written: in batches, at once when the queue is full, and on stop. */
class AuditBatcherTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void repeatsBecomeOneEntryPerRoundAndEveryRoundIsWrittenAlsoWhenFullAndOnStop(TestDatabases.Kind kind)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            AuditBatcher batcher = new AuditBatcher(new AuditLog(store.jdbi(), Clock.systemUTC()), Duration.ofHours(1), 3);
            batcher.start();
            for (int i = 0; i < 4; i++) {
                read(batcher, "con_" + i);
            }
            for (int i = 0; i < 5; i++) {
                read(batcher, "con_0");
            }
            assertThat(count(store.jdbi())).as("the one that did not fit, written at once").isOne();

            batcher.flush();
            assertThat(count(store.jdbi())).isEqualTo(4);
            String repeated = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT details FROM audit_log WHERE target_id = 'con_0'").mapTo(String.class).one());
            assertThat(repeated).startsWith("6 times, ");

            read(batcher, "con_last");
            batcher.stop();
            assertThat(count(store.jdbi())).as("stop writes what is left").isEqualTo(5);
            String actor = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT actor FROM audit_log WHERE target_id = 'con_last' AND action = 'connection.token_read'")
                    .mapTo(String.class).one());
            assertThat(actor).isEqualTo("lk_abcdefghij");
        }
    }

    private static void read(AuditBatcher batcher, String connectionId) {
        batcher.record(AuditEntry.ActorType.API_KEY, "lk_abcdefghij", "acme", "connection.token_read", "connection",
                connectionId, AuditEntry.Outcome.SUCCESS, null);
    }

    private static int count(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Integer.class).one());
    }
}
