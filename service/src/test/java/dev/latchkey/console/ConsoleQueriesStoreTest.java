package dev.latchkey.console;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.connection.ConnectionWriter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.event.EventSignal;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.flow.FlowLinks;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Dialect;
import dev.latchkey.store.Page;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.webhook.Deliveries;
import dev.latchkey.webhook.DeliveryStatus;
import dev.latchkey.webhook.WebhookUrlPolicy;
import dev.latchkey.webhook.Webhooks;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's read queries, and the services its actions go through, against both databases. */
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
    void deliveriesAreReadPerWebhookAndPerFlowWithAttemptsAndWithoutSecrets(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ConsoleFixtures seed = new ConsoleFixtures(store.jdbi());
            long now = System.currentTimeMillis();
            seed.flow("flw_1", "acme", "alice", "files", "pending", now - 10 * MIN);
            seed.webhook("whk_1", "acme", "https://hooks.test/in?sig=query-secret", now - 100 * MIN);
            seed.webhook("whk_gone", "acme", "https://gone.test/in", now - 100 * MIN);
            store.jdbi().useHandle(h -> h.execute("UPDATE webhooks SET deleted_at = ? WHERE id = 'whk_gone'", now));
            String required = seed.event("flw_1", "acme", "alice", "assistant_mcp_auth_required").id();
            String result = seed.event("flw_1", "acme", "alice", "assistant_mcp_auth").id();
            seed.event("flw_other", "acme", "bob", "assistant_mcp_auth");
            seed.fanOut();
            String failed = seed.deliveryOf("whk_1", required);
            String delivered = seed.deliveryOf("whk_1", result);
            seed.attempt(failed, DeliveryStatus.FAILED, 500, "HTTP 500", now + 60 * MIN);
            seed.attempt(delivered, DeliveryStatus.DELIVERED, 204, null, null);
            DeliveryRows deliveries = new DeliveryRows(new dev.latchkey.webhook.DeliveryQueries(store.jdbi()));

            assertThat(deliveries.webhooks()).as("a deleted webhook is not listed")
                    .extracting(DeliveryRows.WebhookRow::id).containsExactly("whk_1");
            DeliveryRows.WebhookRow webhook = deliveries.webhook("whk_1").orElseThrow();
            assertThat(webhook.url()).isEqualTo("https://hooks.test/in");
            assertThat(webhook.byState()).containsEntry("failed", 1L).containsEntry("delivered", 1L)
                    .containsEntry("pending", 1L).containsEntry("dead", 0L);
            assertThat(deliveries.webhook("whk_gone")).isEmpty();
            assertThat(deliveries.deliveries("whk_1", Optional.of("failed"), null, 10).items())
                    .singleElement().satisfies(d -> {
                        assertThat(d.id()).isEqualTo(failed);
                        assertThat(d.eventType()).isEqualTo("assistant_mcp_auth_required");
                        assertThat(d.lastStatus()).isEqualTo(500);
                        assertThat(d.nextAttemptAt()).isEqualTo(now + 60 * MIN);
                        assertThat(d.isRetryable()).isTrue();
                        assertThat(d.attemptRows()).singleElement().satisfies(a -> {
                            assertThat(a.attempt()).isEqualTo(1);
                            assertThat(a.statusCode()).isEqualTo(500);
                            assertThat(a.latencyMs()).isEqualTo(42);
                            assertThat(a.error()).isEqualTo("HTTP 500");
                            assertThat(a.nextAttemptAt()).isEqualTo(now + 60 * MIN);
                        });
                    });
            Page<DeliveryRows.DeliveryRow> first = deliveries.deliveries("whk_1", Optional.empty(), null, 2);
            Page<DeliveryRows.DeliveryRow> second = deliveries.deliveries("whk_1", Optional.empty(),
                    first.nextCursor().orElseThrow(), 2);
            assertThat(first.items()).hasSize(2);
            assertThat(second.items()).hasSize(1).doesNotContainAnyElementsOf(first.items());
            assertThat(deliveries.forFlow("flw_1")).extracting(DeliveryRows.DeliveryRow::id)
                    .containsExactly(failed, delivered);
            assertThat(deliveries.forFlow("flw_1")).allSatisfy(d -> assertThat(d.webhookUrl())
                    .isEqualTo("https://hooks.test/in"));
            assertThat(deliveries.backlog()).isEqualTo(Map.of("pending", 1L, "failed", 1L, "dead", 0L));
            assertThat(deliveries.oldestUndelivered()).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void operatorActionsGoThroughTheOwningServicesAndAreAuditedAsTheOperator(TestDatabases.Kind kind)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            ConsoleFixtures seed = new ConsoleFixtures(jdbi);
            long now = System.currentTimeMillis();
            seed.flow("flw_p", "acme", "s", "files", "pending", now - MIN);
            seed.flow("flw_a", "acme", "s", "files", "authorized", now - MIN);
            seed.webhook("whk_1", "acme", "https://hooks.test/in", now - MIN);
            String event = seed.event("flw_a", "acme", "s", "assistant_mcp_auth").id();
            seed.fanOut();
            String dead = seed.deliveryOf("whk_1", event);
            seed.attempt(dead, DeliveryStatus.DEAD, 410, "HTTP 410", null);
            Clock clock = Clock.systemUTC();
            AuditLog audit = new AuditLog(jdbi, clock);
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), clock);
            Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(clock)));
            dev.latchkey.flow.FlowService flows = new dev.latchkey.flow.FlowService(
                    new FlowStore(jdbi, writer, new ConnectionWriter(new TokenVault(sealer), clock), clock,
                            kind == TestDatabases.Kind.H2 ? Dialect.H2 : Dialect.POSTGRESQL, FlowStartCommit.ASYNCHRONOUS),
                    new FlowLinks(URI.create("http://127.0.0.1:8080")), audit, clock);
            Webhooks webhooks = new Webhooks(jdbi, sealer, audit, clock, new WebhookUrlPolicy(true), Duration.ofHours(1));
            Deliveries deliveries = new Deliveries(jdbi, webhooks, audit, new EventSignal(), clock);

            assertThat(flows.cancelByOperator("flw_p", "ada")).isTrue();
            assertThat(flows.cancelByOperator("flw_p", "ada")).isFalse();
            assertThat(flows.cancelByOperator("flw_a", "ada")).as("only a pending flow").isFalse();
            assertThat(flows.cancelByOperator("flw_nope", "ada")).isFalse();
            assertThat(text(store, "SELECT status FROM flows WHERE id = 'flw_a'")).isEqualTo("authorized");
            assertThat(text(store, "SELECT status FROM flows WHERE id = 'flw_p'")).isEqualTo("cancelled");
            assertThat(text(store, "SELECT type FROM events WHERE flow_id = 'flw_p'"))
                    .as("the assistant learns of it").isEqualTo("assistant_mcp_auth");
            assertThat(text(store, "SELECT detail FROM flow_steps WHERE flow_id = 'flw_p'"))
                    .isEqualTo("cancelled by operator ada");

            assertThat(deliveries.retryByOperator(dead, "ada")).isTrue();
            assertThat(deliveries.retryByOperator("dlv_nope", "ada")).isFalse();
            assertThat(text(store, "SELECT status FROM webhook_deliveries WHERE id = '" + dead + "'"))
                    .as("one more attempt, due now").isEqualTo("failed");

            assertThat(webhooks.disableByOperator("whk_1", "ada")).isTrue();
            assertThat(webhooks.disableByOperator("whk_1", "ada")).isFalse();
            assertThat(text(store, "SELECT disabled_reason FROM webhooks WHERE id = 'whk_1'"))
                    .isEqualTo("disabled by operator ada");

            List<String> audited = jdbi.withHandle(h -> h.createQuery("""
                            SELECT action || ' ' || target_id || ' ' || tenant FROM audit_log
                            WHERE actor_type = 'OPERATOR' AND actor = 'ada'""")
                    .mapTo(String.class).list());
            assertThat(audited).as("each action once, as the operator").containsExactlyInAnyOrder(
                    "flow.cancel flw_p acme", "delivery.retry " + dead + " acme", "webhook.disable whk_1 acme");
        }
    }

    private static List<String> ids(FlowQueries flows, FlowFilter filter) {
        return flows.list(filter, null, 100).items().stream().map(FlowRow::id).toList();
    }

    private static String text(StoreFixture store, String sql) {
        return store.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
