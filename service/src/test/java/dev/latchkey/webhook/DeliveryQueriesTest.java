package dev.latchkey.webhook;

import dev.latchkey.event.EventStore;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.store.Page;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import dev.latchkey.testing.TestEvents;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryQueriesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void pagesByStateCountsTheBacklogAndSumsUpEachWebhook(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            Clock clock = Clock.systemUTC();
            jdbi.useExtension(WebhookDao.class, dao -> dao.insert("whk_a", "acme", "https://a.example/", null, true,
                    "sealed", clock.millis() - 1000));
            TestEvents.burst(jdbi, new OutboxEventWriter(Jackson.newObjectMapper(), clock), "acme", 5);
            new DeliveryFanout(jdbi, new EventStore(jdbi, Jackson.newObjectMapper()), clock, Duration.ofSeconds(30),
                    100).pass();
            DeliveryDao dao = jdbi.onDemand(DeliveryDao.class);
            List<String> ids = DeliveryDao.dueIds(jdbi, clock.millis() + 1, 10);
            for (String id : ids.subList(0, 2)) {
                dao.claim(id, "w", clock.millis() + 60_000, clock.millis());
                dao.finish(id, "w", DeliveryStatus.DELIVERED.db(), 1, null, 204, null, clock.millis(), clock.millis());
            }
            DeliveryQueries queries = new DeliveryQueries(jdbi);

            List<String> pending = new ArrayList<>();
            Page<Delivery> page = queries.byState(Optional.of(DeliveryStatus.PENDING), null, 2);
            pending.addAll(page.items().stream().map(Delivery::id).toList());
            while (page.nextCursor().isPresent()) {
                page = queries.byState(Optional.of(DeliveryStatus.PENDING), page.nextCursor().get(), 2);
                pending.addAll(page.items().stream().map(Delivery::id).toList());
            }

            assertThat(pending).hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids.subList(2, 5));
            assertThat(queries.byState(Optional.empty(), null, 10).items()).hasSize(5);
            assertThat(queries.backlog()).isEqualTo(3);
            assertThat(queries.stats()).singleElement().satisfies(s -> {
                assertThat(s.webhookId()).isEqualTo("whk_a");
                assertThat(s.pending()).isEqualTo(3);
                assertThat(s.delivered()).isEqualTo(2);
                assertThat(s.dead()).isZero();
                assertThat(s.lastDeliveredAt()).isPresent();
            });
            assertThat(queries.attempts(ids.get(0))).isEmpty();
        }
    }
}
