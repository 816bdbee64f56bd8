package dev.latchkey.webhook;

import dev.latchkey.event.EventStore;
import dev.latchkey.event.EventTypes;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestEvents;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStoreTest {

    @TempDir
    Path dir;

    private static void webhook(Jdbi jdbi, String id, String tenant, String types, long createdAt) {
        jdbi.useExtension(WebhookDao.class, dao -> dao.insert(id, tenant, "https://hooks.example/" + id, types, true,
                "sealed", createdAt));
    }

    /** A fan-out with the default settle window (30 s) and batch size. */
    private static DeliveryFanout fanout(Jdbi jdbi, Clock clock) {
        return new DeliveryFanout(jdbi, new EventStore(jdbi, Jackson.newObjectMapper()), clock, Duration.ofSeconds(30),
                100);
    }

    private static List<Delivery> deliveries(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_deliveries ORDER BY event_seq, webhook_id")
                .map(new DeliveryMappers.DeliveryMapper()).list());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void fanOutMatchesTenantTypeAndAgeAndIsIdempotentAcrossInstances(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            MutableClock clock = new MutableClock();
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), clock);
            webhook(jdbi, "whk_all", "acme", null, clock.millis() - 1000);
            webhook(jdbi, "whk_results", "acme", EventTypes.AUTH_RESULT, clock.millis() - 1000);
            webhook(jdbi, "whk_other", "globex", null, clock.millis() - 1000);
            StoredEvent required = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "alice"));
            StoredEvent result = TestEvents.append(jdbi, writer, TestEvents.authResult("acme", "alice", "success", ""));
            webhook(jdbi, "whk_late", "acme", null, clock.millis() + 1000);

            fanout(jdbi, clock).pass();
            fanout(jdbi, clock).pass();

            assertThat(deliveries(jdbi)).extracting(d -> d.eventId() + "->" + d.webhookId()).containsExactly(
                    required.id() + "->whk_all", result.id() + "->whk_all", result.id() + "->whk_results");
            assertThat(deliveries(jdbi)).allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anEventThatCommitsLateIsStillFannedOut(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            MutableClock clock = new MutableClock();
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), clock);
            webhook(jdbi, "whk_all", "acme", null, clock.millis() - 1000);
            DeliveryFanout fanout = fanout(jdbi, clock);
            try (Handle slow = jdbi.open()) {
                slow.begin();
                StoredEvent early = writer.append(slow, TestEvents.authRequired("acme", "slow"));
                StoredEvent later = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "fast"));
                assertThat(early.seq()).isLessThan(later.seq());

                fanout.pass();
                assertThat(deliveries(jdbi)).extracting(Delivery::eventId).containsExactly(later.id());
                assertThat(jdbi.withHandle(DeliveryDao::fanoutPosition)).isZero();

                slow.commit();
                fanout.pass();
                assertThat(deliveries(jdbi)).extracting(Delivery::eventId).containsExactly(early.id(), later.id());
            }
            clock.advance(Duration.ofMinutes(1));
            fanout.pass();
            assertThat(jdbi.withHandle(DeliveryDao::fanoutPosition))
                    .isEqualTo(deliveries(jdbi).get(1).eventSeq());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRolledBackEventHoldsThePositionOnlyForTheSettleWindowAndLaterEventsAreNotReread(TestDatabases.Kind kind)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            MutableClock clock = new MutableClock();
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), clock);
            webhook(jdbi, "whk_all", "acme", null, clock.millis() - 1000);
            DeliveryFanout fanout = fanout(jdbi, clock);
            StoredEvent first = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "first"));
            try (Handle doomed = jdbi.open()) {
                doomed.begin();
                writer.append(doomed, TestEvents.authRequired("acme", "doomed"));
                doomed.rollback();
            }
            StoredEvent third = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "third"));

            assertThat(fanout.pass()).isEqualTo(2);
            assertThat(position(jdbi)).as("not past the gap the rolled-back event left").isEqualTo(first.seq());

            clock.advance(Duration.ofSeconds(10));
            assertThat(fanout.pass()).as("nothing is read twice").isZero();
            assertThat(position(jdbi)).isEqualTo(first.seq());

            clock.advance(Duration.ofSeconds(25));
            assertThat(fanout.pass()).isZero();
            assertThat(position(jdbi)).as("the gap is given up after the settle window").isEqualTo(third.seq());
            assertThat(deliveries(jdbi)).extracting(Delivery::eventId).containsExactly(first.id(), third.id());

            StoredEvent fourth = TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "fourth"));
            clock.advance(Duration.ofSeconds(2));
            assertThat(fanout.pass()).isEqualTo(1);
            assertThat(position(jdbi)).as("no gap: the position follows at once").isEqualTo(fourth.seq());
        }
    }

    private static long position(Jdbi jdbi) {
        return jdbi.withHandle(DeliveryDao::fanoutPosition);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlyOneWorkerHoldsADeliveryUntilItsLeaseExpires(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            MutableClock clock = new MutableClock();
            webhook(jdbi, "whk_all", "acme", null, clock.millis() - 1000);
            TestEvents.append(jdbi, new OutboxEventWriter(Jackson.newObjectMapper(), clock),
                    TestEvents.authRequired("acme", "alice"));
            fanout(jdbi, clock).pass();
            long now = clock.millis();
            String id = DeliveryDao.dueIds(jdbi, now, 10).get(0);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<Integer>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "worker-" + i;
                claims.add(() -> jdbi.withExtension(DeliveryDao.class, dao -> dao.claim(id, owner, now + 60_000, now)));
            }
            int won = 0;
            for (Future<Integer> f : pool.invokeAll(claims)) {
                won += f.get();
            }
            pool.shutdown();

            assertThat(won).isEqualTo(1);
            DeliveryDao dao = jdbi.onDemand(DeliveryDao.class);
            List<String> dueWhileLeased = DeliveryDao.dueIds(jdbi, now + 59_000, 10);
            int lateClaim = dao.claim(id, "late", now + 120_000, now + 59_000);
            int claimAfterExpiry = dao.claim(id, "after-crash", now + 200_000, now + 60_001);
            assertThat(dueWhileLeased).isEmpty();
            assertThat(lateClaim).isZero();
            assertThat(claimAfterExpiry).isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theDueListLeavesOutTenantsAtTheirBound(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            MutableClock clock = new MutableClock();
            webhook(jdbi, "whk_acme", "acme", null, clock.millis() - 1000);
            webhook(jdbi, "whk_globex", "globex", null, clock.millis() - 1000);
            OutboxEventWriter writer = new OutboxEventWriter(Jackson.newObjectMapper(), clock);
            for (int i = 0; i < 3; i++) {
                TestEvents.append(jdbi, writer, TestEvents.authRequired("acme", "user-" + i));
            }
            TestEvents.append(jdbi, writer, TestEvents.authRequired("globex", "bob"));
            fanout(jdbi, clock).pass();
            long now = clock.millis();

            // Due at the same moment: the order among them is the database's to choose.
            assertThat(DeliveryDao.due(jdbi, now, 10, java.util.Set.of())).extracting(DeliveryDao.Due::tenant)
                    .containsExactlyInAnyOrder("acme", "acme", "acme", "globex");
            assertThat(DeliveryDao.due(jdbi, now, 2, java.util.Set.of("acme"))).extracting(DeliveryDao.Due::tenant)
                    .containsExactly("globex");
            assertThat(DeliveryDao.due(jdbi, now, 10, java.util.Set.of("acme", "globex"))).isEmpty();
        }
    }
}
