package dev.latchkey.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.event.EventSignal;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new pending flow, its first steps and its event are written together or not at all — in one
 * transaction on H2, in one statement on PostgreSQL — and the event signal rings only once they are.
 */
class FlowStoreTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private final AtomicInteger rung = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void writesTheFlowItsFirstStepsAndItsEventTogether(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = db.jdbi();
            FlowStore store = store(jdbi, kind);

            StoredEvent event = store.createPending(newFlow("flw_a"),
                    List.of(step("discovery"), step("registration"), step("authorization_request")),
                    "http://127.0.0.1:8080/connect/link_a");

            assertThat(rung).as("the signal rings once the write has committed").hasValue(1);
            Flow flow = jdbi.withExtension(FlowDao.class, dao -> dao.find("flw_a")).orElseThrow();
            assertThat(flow.status()).isEqualTo(FlowStatus.PENDING);
            assertThat(flow.authorizeBaseUrl()).hasValue("https://as.example/authorize?client_id=cli_1&response_type=code");
            assertThat(flow.issRequired()).isTrue();
            assertThat(steps(jdbi, "flw_a")).extracting(Step::step).containsExactly("discovery", "registration", "authorization_request");
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery(
                    "SELECT seq, id, notice FROM events WHERE flow_id = 'flw_a'").mapToMap().one());
            assertThat(((Number) row.get("seq")).longValue()).isEqualTo(event.seq());
            assertThat(row).containsEntry("id", event.id()).containsEntry("notice", event.notice());
            assertThat(event.notice()).contains("AuthURL: http://127.0.0.1:8080/connect/link_a");

            store.appendSteps("flw_a", List.of(step("redirect")));
            assertThat(steps(jdbi, "flw_a")).extracting(Step::step).as("later steps follow the first ones").endsWith("authorization_request", "redirect");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aPartThatFailsLeavesNothingBehind(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = db.jdbi();
            FlowStore store = store(jdbi, kind);
            Step tooLong = step("a-step-name-longer-than-its-forty-character-column");

            assertThatThrownBy(() -> store.createPending(newFlow("flw_b"), List.of(step("discovery"), tooLong),
                    "http://127.0.0.1:8080/connect/link_b")).isInstanceOf(RuntimeException.class);

            assertThat(count(jdbi, "SELECT COUNT(*) FROM flows WHERE id = 'flw_b'")).isZero();
            assertThat(count(jdbi, "SELECT COUNT(*) FROM flow_steps WHERE flow_id = 'flw_b'")).isZero();
            assertThat(count(jdbi, "SELECT COUNT(*) FROM events WHERE flow_id = 'flw_b'")).isZero();
            assertThat(rung).as("no signal for a write that did not happen").hasValue(0);
        }
    }

    private static List<Step> steps(Jdbi jdbi, String flowId) {
        return jdbi.withHandle(h -> new FlowStepDao(h).list(flowId));
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private FlowStore store(Jdbi jdbi, TestDatabases.Kind kind) {
        EventSignal signal = new EventSignal();
        signal.subscribe(rung::incrementAndGet);
        TokenVault vault = new TokenVault(new Sealer(KeyringSource.fixed(Keyring.generate(CLOCK))));
        return new FlowStore(jdbi, new OutboxEventWriter(Jackson.newObjectMapper(), CLOCK, signal),
                new ConnectionWriter(vault, CLOCK), CLOCK,
                kind == TestDatabases.Kind.POSTGRES ? Dialect.POSTGRESQL : Dialect.H2);
    }

    private static FlowDao.NewFlow newFlow(String id) {
        long now = CLOCK.millis();
        return new FlowDao.NewFlow(id, "acme", "kim", "srv", "srv", "https://mcp.example/mcp", "https://mcp.example/mcp",
                "https://as.example", "cli_1", "mcp:tools", "{\"chat\":\"c1\"}", "link_" + id,
                "https://as.example/authorize?client_id=cli_1&response_type=code", true, null, now, now + 600_000);
    }

    private static Step step(String name) {
        return new Step(name, Step.Outcome.OK, CLOCK.instant(), 3, List.of("https://as.example/x"), Optional.empty(),
                Optional.empty());
    }
}
