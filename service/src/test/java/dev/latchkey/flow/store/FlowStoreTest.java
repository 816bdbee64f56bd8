package dev.latchkey.flow.store;

import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventSignal;
import dev.latchkey.event.EventSubject;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.protocol.Step;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

            List<Step> first = List.of(step("discovery"), step("registration"),
                    new Step("authorization_request", Step.Outcome.OK, CLOCK.instant().truncatedTo(ChronoUnit.MILLIS), 0,
                            List.of(), Optional.of("scopes mcp:tools"), Optional.of("example")));
            NewFlow newFlow = newFlow("flw_a");
            StoredEvent event = store.createPending(newFlow, first, "http://127.0.0.1:8080/connect/link_a");

            assertThat(rung).as("the signal rings once the write has committed").hasValue(1);
            Map<String, Object> flowRow = new HashMap<>();
            flowRow.put("id", "flw_a");
            flowRow.put("tenant", "acme");
            flowRow.put("subject", "kim");
            flowRow.put("server_id", "srv");
            flowRow.put("server_slug", "srv-slug");
            flowRow.put("server_url", "https://mcp.example/mcp");
            flowRow.put("resource", "https://mcp.example/");
            // Exactly as the metadata published it: a path-less origin keeps no "/".
            flowRow.put("published_resource", "https://mcp.example");
            flowRow.put("issuer", "https://as.example");
            flowRow.put("client_ref", "cli_1");
            flowRow.put("scopes", "mcp:tools");
            flowRow.put("status", "pending");
            flowRow.put("context_json", "{\"chat\":\"c1\"}");
            flowRow.put("link_id", "link_flw_a");
            flowRow.put("authorize_base_url", "https://as.example/authorize?client_id=cli_1&response_type=code");
            flowRow.put("iss_required", true);
            flowRow.put("step_up_of", null);
            flowRow.put("created_at", newFlow.createdAt());
            flowRow.put("expires_at", newFlow.expiresAt());
            assertThat(row(jdbi, "SELECT * FROM flows WHERE id = 'flw_a'")).as("every column in its place")
                    .containsAllEntriesOf(flowRow);
            assertThat(steps(jdbi, "flw_a")).isEqualTo(first);
            assertThat(stepNumbers(jdbi, "flw_a")).as("a new flow's steps are numbered from 1").containsExactly(1, 2, 3);

            Map<String, Object> eventRow = new HashMap<>();
            eventRow.put("seq", event.seq());
            eventRow.put("id", event.id());
            eventRow.put("tenant", "acme");
            eventRow.put("type", "assistant_mcp_auth_required");
            eventRow.put("subject", "kim");
            eventRow.put("server_id", "srv");
            eventRow.put("server_slug", "srv-slug");
            eventRow.put("flow_id", "flw_a");
            eventRow.put("connection_id", null);
            eventRow.put("context_json", "{\"chat\":\"c1\"}");
            eventRow.put("payload_json", "{\"AuthURL\":\"http://127.0.0.1:8080/connect/link_a\"}");
            eventRow.put("notice", event.notice());
            eventRow.put("created_at", event.createdAt().toEpochMilli());
            assertThat(row(jdbi, "SELECT * FROM events WHERE flow_id = 'flw_a'")).containsAllEntriesOf(eventRow);
            assertThat(event.notice()).contains("AuthURL: http://127.0.0.1:8080/connect/link_a");

            store.appendSteps("flw_a", List.of(step("redirect")));
            assertThat(steps(jdbi, "flw_a")).extracting(Step::step).as("later steps follow the first ones").endsWith("authorization_request", "redirect");
            assertThat(stepNumbers(jdbi, "flw_a")).containsExactly(1, 2, 3, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void readsThePublishedResourceBackAndTheKeyForARowWrittenWithoutIt(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = db.jdbi();
            FlowStore store = store(jdbi, kind);
            store.createPending(newFlow("flw_p"), List.of(step("discovery")), "http://127.0.0.1:8080/connect/link_p");
            // As an instance that predates the column writes it during a rolling upgrade.
            jdbi.useHandle(h -> h.execute("""
                    INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, status,
                                       link_id, created_at, expires_at)
                    VALUES ('flw_old', 'acme', 'kim', 'srv', 'srv', 'https://mcp.example/mcp', 'https://mcp.example/mcp',
                            'pending', 'link_old', 0, 1)"""));

            assertThat(store.find("flw_p").orElseThrow().publishedResource()).isEqualTo("https://mcp.example");
            assertThat(store.find("flw_old").orElseThrow().publishedResource()).isEqualTo("https://mcp.example/mcp");
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
                    "http://127.0.0.1:8080/connect/link_b")).isInstanceOf(JdbiException.class);

            assertThat(count(jdbi, "SELECT COUNT(*) FROM flows WHERE id = 'flw_b'")).isZero();
            assertThat(count(jdbi, "SELECT COUNT(*) FROM flow_steps WHERE flow_id = 'flw_b'")).isZero();
            assertThat(count(jdbi, "SELECT COUNT(*) FROM events WHERE flow_id = 'flw_b'")).isZero();
            assertThat(rung).as("no signal for a write that did not happen").hasValue(0);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void concurrentFlowStartsAreEachWrittenWholeWithTheirOwnEvent(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = db.jdbi();
            FlowStore store = store(jdbi, kind);
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<StoredEvent>> started = new ArrayList<>();
                for (int i = 0; i < 160; i++) {
                    String id = "flw_c" + i;
                    started.add(threads.submit(() -> store.createPending(newFlow(id),
                            List.of(step("discovery"), step("registration"), step("authorization_request")),
                            "http://127.0.0.1:8080/connect/" + id)));
                }
                for (int i = 0; i < 160; i++) {
                    StoredEvent event = started.get(i).get(30, TimeUnit.SECONDS);
                    String id = "flw_c" + i;
                    assertThat(event.flowId()).hasValue(id);
                    assertThat(row(jdbi, "SELECT seq, flow_id FROM events WHERE id = '" + event.id() + "'"))
                            .containsEntry("seq", event.seq()).containsEntry("flow_id", id);
                    assertThat(steps(jdbi, id)).extracting(Step::step)
                            .containsExactly("discovery", "registration", "authorization_request");
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(count(jdbi, "SELECT COUNT(*) FROM flows WHERE id LIKE 'flw_c%'")).isEqualTo(160);
            assertThat(count(jdbi, "SELECT COUNT(DISTINCT seq) FROM events WHERE flow_id LIKE 'flw_c%'")).isEqualTo(160);
            assertThat(rung).hasValue(160);
        }
    }

    @org.junit.jupiter.api.Test
    void aGroupWithAFlowAtFaultWritesTheOthersAndFailsOnlyThatOne() throws Exception {
        try (StoreFixture db = StoreFixture.open(TestDatabases.Kind.POSTGRES, dir)) {
            Jdbi jdbi = db.jdbi();
            List<GroupedFlowWrites.Queued> group = new ArrayList<>();
            for (String id : List.of("flw_g1", "flw_g2", "flw_g3")) {
                List<Step> steps = id.equals("flw_g2")
                        ? List.of(step("a-step-name-longer-than-its-forty-character-column"))
                        : List.of(step("discovery"));
                group.add(new GroupedFlowWrites.Queued(pending(id, steps)));
            }

            new GroupedFlowWrites(jdbi, FlowStartCommit.ASYNCHRONOUS).writeGroup(group);

            assertThat(group).allMatch(queued -> queued.seq().isDone());
            assertThat(group.get(1).seq()).isCompletedExceptionally();
            assertThatThrownBy(() -> group.get(1).seq().join()).hasCauseInstanceOf(JdbiException.class);
            assertThat(count(jdbi, "SELECT COUNT(*) FROM flows WHERE id IN ('flw_g1', 'flw_g3')")).isEqualTo(2);
            assertThat(count(jdbi, "SELECT COUNT(*) FROM events WHERE flow_id IN ('flw_g1', 'flw_g3')")).isEqualTo(2);
            assertThat(count(jdbi, "SELECT COUNT(*) FROM flows WHERE id = 'flw_g2'")).isZero();
            assertThat(count(jdbi, "SELECT COUNT(*) FROM events WHERE flow_id = 'flw_g2'")).isZero();
            assertThat(row(jdbi, "SELECT seq FROM events WHERE flow_id = 'flw_g1'"))
                    .containsEntry("seq", group.get(0).seq().join());
            assertThat(row(jdbi, "SELECT seq FROM events WHERE flow_id = 'flw_g3'"))
                    .containsEntry("seq", group.get(2).seq().join());
        }
    }

    @org.junit.jupiter.api.Test
    void aFlowStartCommitsAsConfiguredAndLeavesTheConnectionAsItWas() throws Exception {
        try (StoreFixture db = StoreFixture.open(TestDatabases.Kind.POSTGRES, dir)) {
            Jdbi jdbi = db.jdbi();
            // What the flow start's own transaction ran with, recorded from inside it.
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE commit_modes (flow_id VARCHAR(40), synchronous_commit TEXT)");
                h.execute("""
                        CREATE FUNCTION record_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            INSERT INTO commit_modes VALUES (NEW.id, current_setting('synchronous_commit'));
                            RETURN NEW;
                        END $$""");
                h.execute("CREATE TRIGGER flows_commit_mode AFTER INSERT ON flows FOR EACH ROW "
                        + "EXECUTE FUNCTION record_commit_mode()");
            });
            List<Step> first = List.of(step("discovery"));

            store(jdbi, TestDatabases.Kind.POSTGRES, FlowStartCommit.ASYNCHRONOUS)
                    .createPending(newFlow("flw_async"), first, "http://127.0.0.1:8080/connect/link_async");
            store(jdbi, TestDatabases.Kind.POSTGRES, FlowStartCommit.DURABLE)
                    .createPending(newFlow("flw_durable"), first, "http://127.0.0.1:8080/connect/link_durable");

            assertThat(row(jdbi, "SELECT synchronous_commit FROM commit_modes WHERE flow_id = 'flw_async'"))
                    .containsEntry("synchronous_commit", "off");
            assertThat(row(jdbi, "SELECT synchronous_commit FROM commit_modes WHERE flow_id = 'flw_durable'"))
                    .containsEntry("synchronous_commit", "on");
            String afterwards = jdbi.withHandle(h -> {
                PendingFlowStatement.execute(h, List.of(pending("flw_same", first)), FlowStartCommit.ASYNCHRONOUS);
                return h.createQuery("SHOW synchronous_commit").mapTo(String.class).one();
            });
            assertThat(afterwards).as("the next statement on the same connection commits durably again").isEqualTo("on");
            assertThat(count(jdbi, "SELECT COUNT(*) FROM events WHERE flow_id = 'flw_same'")).isEqualTo(1);
        }
    }

    private static List<Step> steps(Jdbi jdbi, String flowId) {
        return jdbi.withHandle(h -> new FlowStepDao(h).list(flowId));
    }

    private static List<Integer> stepNumbers(Jdbi jdbi, String flowId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seq FROM flow_steps WHERE flow_id = :id ORDER BY seq")
                .bind("id", flowId).mapTo(Integer.class).list());
    }

    /** A row with its numbers as longs, whatever integer type the database reports. */
    private static Map<String, Object> row(Jdbi jdbi, String sql) {
        Map<String, Object> row = new HashMap<>(jdbi.withHandle(h -> h.createQuery(sql).mapToMap().one()));
        row.replaceAll((column, value) -> value instanceof Number n && !(value instanceof Long) ? n.longValue() : value);
        return row;
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    /** As the server runs by default: on PostgreSQL, flow starts commit asynchronously. */
    private FlowStore store(Jdbi jdbi, TestDatabases.Kind kind) {
        return store(jdbi, kind, FlowStartCommit.ASYNCHRONOUS);
    }

    private FlowStore store(Jdbi jdbi, TestDatabases.Kind kind, FlowStartCommit commit) {
        EventSignal signal = new EventSignal();
        signal.subscribe(rung::incrementAndGet);
        TokenVault vault = new TokenVault(new Sealer(KeyringSource.fixed(Keyring.generate(CLOCK))));
        return new FlowStore(jdbi, new OutboxEventWriter(Jackson.newObjectMapper(), CLOCK, signal),
                new ConnectionWriter(vault, CLOCK), CLOCK,
                kind == TestDatabases.Kind.POSTGRES ? Dialect.POSTGRESQL : Dialect.H2, commit);
    }

    /** A flow start as the store prepares it, for the statement and the group writer themselves. */
    private static PendingFlowStatement.Pending pending(String id, List<Step> steps) {
        return new PendingFlowStatement.Pending(newFlow(id), steps,
                new OutboxEventWriter(Jackson.newObjectMapper(), CLOCK).prepare(EventDraft.aboutFlow(EventTypes.AUTH_REQUIRED,
                        new EventSubject("acme", "kim", "srv", "srv-slug"), id, Optional.empty(),
                        Map.of("AuthURL", "x"))));
    }

    private static NewFlow newFlow(String id) {
        long now = CLOCK.millis();
        return new NewFlow(id, "acme", "kim", "srv", "srv-slug", "https://mcp.example/mcp", "https://mcp.example/",
                "https://mcp.example", "https://as.example", "cli_1", "mcp:tools", "{\"chat\":\"c1\"}", "link_" + id,
                "https://as.example/authorize?client_id=cli_1&response_type=code", true, null, now, now + 600_000);
    }

    private static Step step(String name) {
        return new Step(name, Step.Outcome.OK, CLOCK.instant().truncatedTo(ChronoUnit.MILLIS), 3,
                List.of("https://as.example/x", "https://as.example/y"), Optional.empty(), Optional.empty());
    }
}
