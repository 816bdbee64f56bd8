package dev.latchkey.flow.store;

import dev.latchkey.store.Dialect;
import dev.latchkey.testing.TestDatabases;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Flow starts commit asynchronously only where every event a pull reader can see is already on disk. */
class FlowStartCommitTest {

    @Test
    void asynchronousOnlyWhenTheSettleWindowOutlastsPostgresqlsAsynchronousCommitWindow() {
        assertThat(FlowStartCommit.decide(Duration.ofSeconds(1), Duration.ofMillis(200)))
                .isEqualTo(FlowStartCommit.ASYNCHRONOUS);
        assertThat(FlowStartCommit.decide(Duration.ofMillis(601), Duration.ofMillis(200)))
                .isEqualTo(FlowStartCommit.ASYNCHRONOUS);
        assertThat(FlowStartCommit.decide(Duration.ofMillis(600), Duration.ofMillis(200)))
                .as("three times wal_writer_delay is the longest a commit stays off the disk")
                .isEqualTo(FlowStartCommit.DURABLE);
        assertThat(FlowStartCommit.decide(Duration.ofSeconds(1), Duration.ofMillis(400)))
                .isEqualTo(FlowStartCommit.DURABLE);
    }

    @Test
    void durableWhenConfiguredSoAndOnH2() {
        Jdbi unused = null;
        assertThat(FlowStartCommit.choose(true, Dialect.POSTGRESQL, unused, Duration.ofSeconds(1)))
                .isEqualTo(FlowStartCommit.DURABLE);
        assertThat(FlowStartCommit.choose(false, Dialect.H2, unused, Duration.ofSeconds(1)))
                .isEqualTo(FlowStartCommit.DURABLE);
    }

    @Test
    void readsTheWalWriterDelayFromARealPostgresql() {
        Jdbi jdbi = Jdbi.create(TestDatabases.freshPostgresUrl(), "postgres", "postgres");
        // PostgreSQL's default wal_writer_delay is 200 ms: its asynchronous-commit window is 600 ms.
        assertThat(FlowStartCommit.choose(false, Dialect.POSTGRESQL, jdbi, Duration.ofSeconds(1)))
                .isEqualTo(FlowStartCommit.ASYNCHRONOUS);
        assertThat(FlowStartCommit.choose(false, Dialect.POSTGRESQL, jdbi, Duration.ofMillis(500)))
                .isEqualTo(FlowStartCommit.DURABLE);
    }
}
