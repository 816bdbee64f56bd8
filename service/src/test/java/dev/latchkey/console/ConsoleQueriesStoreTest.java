package dev.latchkey.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.store.Page;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The console's read queries and local actions against both databases. */
class ConsoleQueriesStoreTest {

    private static final long NOW = Instant.parse("2026-03-01T12:30:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void flowsFilterByEveryFieldAndPageByKeyWithoutGapsOrRepeats(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConsoleFixtures seed = new ConsoleFixtures(store.jdbi());
            for (int i = 0; i < 25; i++) {
                // Pairs share a created_at so that the id breaks ties in the keyset.
                seed.flow(String.format("flw_%02d", i), i % 2 == 0 ? "acme" : "globex", i % 5 == 0 ? "alice" : "bob",
                        i % 3 == 0 ? "files" : "crm", i % 4 == 0 ? "pending" : "authorized", NOW - (i / 2) * 10 * MIN);
            }
            FlowQueries flows = new FlowQueries(store.jdbi(), new MutableClock(Instant.ofEpochMilli(NOW)));

            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                Page<FlowRow> page = flows.list(FlowFilter.none(), cursor, 7);
                page.items().forEach(f -> seen.add(f.id()));
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null);
            assertThat(seen).hasSize(25).doesNotHaveDuplicates();
            assertThat(seen.get(0)).isEqualTo("flw_01");

            assertThat(ids(flows, FlowFilter.of("pending", null, null, null, null, null, null)))
                    .containsExactlyInAnyOrder("flw_00", "flw_04", "flw_08", "flw_12", "flw_16", "flw_20", "flw_24");
            assertThat(ids(flows, FlowFilter.of(null, "acme", "alice", null, null, null, null)))
                    .containsExactlyInAnyOrder("flw_00", "flw_10", "flw_20");
            assertThat(ids(flows, FlowFilter.of(null, null, null, "files", ConsoleFixtures.ISSUER, "rc_1", null)))
                    .hasSize(9);
            assertThat(ids(flows, FlowFilter.of(null, null, null, null, null, null, "lt1h")))
                    .as("created within the hour").hasSize(14);
            assertThat(ids(flows, FlowFilter.of(null, null, null, null, null, null, "gt1h"))).hasSize(11);
            assertThat(ids(flows, FlowFilter.of("bogus", null, null, null, null, null, "bogus")))
                    .as("unknown choices are ignored").hasSize(25);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theOverviewCountsFlowsPendingAgesAndHourlyOutcomes(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConsoleFixtures seed = new ConsoleFixtures(store.jdbi());
            seed.flow("flw_a", "acme", "s", "files", "pending", NOW - 2 * MIN);
            seed.flow("flw_b", "acme", "s", "files", "pending", NOW - 20 * MIN);
            seed.flow("flw_c", "acme", "s", "files", "pending", NOW - 90 * MIN);
            seed.flow("flw_d", "acme", "s", "files", "authorized", NOW - 85 * MIN);
            seed.flow("flw_e", "acme", "s", "files", "failed", NOW - 30 * 60 * MIN);
            OverviewQueries overview = new OverviewQueries(store.jdbi(), new MutableClock(Instant.ofEpochMilli(NOW)));

            assertThat(overview.flowsByStatus()).containsEntry("pending", 3L).containsEntry("authorized", 1L)
                    .containsEntry("failed", 1L).containsEntry("cancelled", 0L);
            assertThat(overview.pendingByAge()).extracting(OverviewQueries.Bucket::count).containsExactly(1L, 0L, 1L, 1L);
            List<OverviewQueries.HourCounts> hours = overview.outcomesLast24Hours();
            assertThat(hours).hasSize(24);
            assertThat(hours.get(23).byStatus()).containsEntry("pending", 2L);
            assertThat(hours.get(22).byStatus()).containsEntry("pending", 1L).containsEntry("authorized", 1L);
            assertThat(hours.stream().mapToLong(OverviewQueries.HourCounts::total).sum())
                    .as("the 30-hour-old flow is outside the window").isEqualTo(4);
            assertThat(OutcomeChart.of(hours).bars()).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void deliveriesAreReadPerWebhookAndPerFlowWithoutSecrets(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConsoleFixtures seed = new ConsoleFixtures(store.jdbi()).withEventTables();
            seed.flow("flw_1", "acme", "alice", "files", "pending", NOW - 10 * MIN);
            seed.event("evt_1", "flw_1", "acme", "alice", "assistant_mcp_auth_required", NOW - 10 * MIN);
            seed.webhook("wh_1", "acme", "https://user:pw@hooks.test/in?sig=secret#x", true, NOW - 100 * MIN);
            seed.delivery("dlv_1", "evt_1", "wh_1", "failed", 2, 500, "HTTP 500", NOW - 9 * MIN);
            seed.delivery("dlv_2", "evt_1", "wh_1", "delivered", 1, 200, null, NOW - 8 * MIN);
            DeliveryQueries deliveries = new DeliveryQueries(store.jdbi());

            DeliveryQueries.WebhookRow webhook = deliveries.webhook("wh_1").orElseThrow();
            assertThat(webhook.url()).isEqualTo("https://hooks.test/in");
            assertThat(webhook.byState()).containsEntry("failed", 1L).containsEntry("delivered", 1L)
                    .containsEntry("dead", 0L);
            assertThat(deliveries.deliveries("wh_1", Optional.of("failed"), null, 10).items())
                    .singleElement().satisfies(d -> {
                        assertThat(d.eventType()).isEqualTo("assistant_mcp_auth_required");
                        assertThat(d.lastStatus()).isEqualTo(500);
                        assertThat(d.isRetryable()).isTrue();
                    });
            assertThat(deliveries.deliveries("wh_1", Optional.empty(), null, 10).items()).hasSize(2);
            assertThat(deliveries.forFlow("flw_1")).extracting(DeliveryQueries.DeliveryRow::id)
                    .containsExactly("dlv_1", "dlv_2");
            assertThat(deliveries.backlog()).isEqualTo(Map.of("pending", 0L, "failed", 1L, "dead", 0L));
            assertThat(deliveries.oldestUndelivered()).hasValue(NOW - 9 * MIN);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void localActionsChangeOnlyWhatTheyMayAndSayWhetherTheyDid(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConsoleFixtures seed = new ConsoleFixtures(store.jdbi()).withEventTables();
            seed.flow("flw_p", "acme", "s", "files", "pending", NOW - MIN);
            seed.flow("flw_a", "acme", "s", "files", "authorized", NOW - MIN);
            seed.connection("con_1", "acme", "s", "active", NOW - MIN);
            seed.client("rc_9", ConsoleFixtures.ISSUER, "dynamic", "cid", "sealed", NOW - MIN);
            seed.event("evt_1", "flw_p", "acme", "s", "assistant_mcp_auth_required", NOW - MIN);
            seed.webhook("wh_1", "acme", "https://hooks.test/in", true, NOW - MIN);
            seed.delivery("dlv_dead", "evt_1", "wh_1", "dead", 8, 500, "gone", NOW - MIN);
            seed.delivery("dlv_ok", "evt_1", "wh_1", "delivered", 1, 200, null, NOW - MIN);
            ConsoleActions actions = ConsoleActions.local(store.jdbi(), new MutableClock(Instant.ofEpochMilli(NOW)));

            assertThat(actions.flows().cancel("flw_p")).isTrue();
            assertThat(actions.flows().cancel("flw_p")).isFalse();
            assertThat(actions.flows().cancel("flw_a")).as("only a pending flow").isFalse();
            assertThat(text(store, "SELECT status FROM flows WHERE id = 'flw_a'")).isEqualTo("authorized");
            assertThat(text(store, "SELECT status || ':' || completed_at FROM flows WHERE id = 'flw_p'"))
                    .isEqualTo("cancelled:" + NOW);

            assertThat(actions.connections().revoke("con_1")).isTrue();
            assertThat(actions.connections().revoke("con_1")).isFalse();
            assertThat(text(store, "SELECT status FROM connections WHERE id = 'con_1'")).isEqualTo("revoked");
            assertThat(text(store, "SELECT COALESCE(tokens_sealed, 'cleared') FROM connections")).isEqualTo("cleared");

            assertThat(actions.deliveries().retryNow("dlv_dead")).isTrue();
            assertThat(actions.deliveries().retryNow("dlv_ok")).as("delivered stays delivered").isFalse();
            assertThat(text(store, "SELECT state || ':' || next_attempt_at FROM deliveries WHERE id = 'dlv_dead'"))
                    .isEqualTo("pending:" + NOW);

            assertThat(actions.webhooks().disable("wh_1")).isTrue();
            assertThat(actions.webhooks().disable("wh_1")).isFalse();
            assertThat(actions.clients().delete("rc_9")).isTrue();
            assertThat(actions.clients().delete("rc_9")).isFalse();
        }
    }

    private static List<String> ids(FlowQueries flows, FlowFilter filter) {
        return flows.list(filter, null, 100).items().stream().map(FlowRow::id).toList();
    }

    private static String text(StoreFixture store, String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
