package dev.latchkey.gateway.servers;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Page;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry over the real {@code upstream_servers} table, on H2 and PostgreSQL. */
class UpstreamServersStoreTest {

    private static final Caller ACME = new Caller("acme", "acmekey123");
    private static final Caller GLOBEX = new Caller("globex", "globexkey1");

    private static UpstreamServers registry(Jdbi jdbi) {
        return new UpstreamServers(jdbi, new AuditLog(jdbi, Clock.systemUTC()), Clock.systemUTC(),
                new UpstreamUrlPolicy(false), URI.create("https://latchkey.example.com/"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void registersInCanonicalFormWithAGatewayUrlAndAnAuditEntry(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            UpstreamServers servers = registry(store.jdbi());

            ServerView created = servers.register(ACME, "  GitHub Copilot ", "HTTPS://API.GitHubCopilot.com:443/mcp/");

            assertThat(created.id()).matches("srv_[a-z2-7]{26}");
            assertThat(created.name()).isEqualTo("GitHub Copilot");
            assertThat(created.url()).isEqualTo("https://api.githubcopilot.com/mcp");
            assertThat(created.slug()).isEqualTo("github-copilot");
            assertThat(created.gatewayUrl()).isEqualTo("https://latchkey.example.com/mcp/github-copilot");
            assertThat(servers.get(ACME, created.id())).isEqualTo(created);
            assertThat(servers.bySlug("acme", "github-copilot")).map(UpstreamServer::id).contains(created.id());
            assertThat(audit(store.jdbi(), "server.create")).containsExactly(created.id());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aTakenSlugGetsASuffixAndASecondRegistrationOfTheUrlNamesTheFirst(TestDatabases.Kind kind,
                                                                         @TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            UpstreamServers servers = registry(store.jdbi());
            ServerView first = servers.register(ACME, "Files", "https://files.example.com/mcp");
            ServerView second = servers.register(ACME, "files!", "https://files.example.com/v2/mcp");
            ServerView third = servers.register(ACME, "FILES", "https://files.example.org/mcp");
            ServerView other = servers.register(GLOBEX, "Files", "https://files.example.com/mcp");

            assertThat(List.of(first.slug(), second.slug(), third.slug())).containsExactly("files", "files-2", "files-3");
            assertThat(other.slug()).as("slugs are unique per tenant only").isEqualTo("files");

            assertThatThrownBy(() -> servers.register(ACME, "Again", "https://FILES.example.com/mcp/"))
                    .isInstanceOfSatisfying(Failure.class, f -> {
                        assertThat(f.kind()).isEqualTo(Failure.Kind.CONFLICT);
                        assertThat(f.code()).isEqualTo("server_exists");
                        assertThat(f.references()).containsEntry("serverId", first.id());
                    });
            assertThat(count(store.jdbi())).isEqualTo(4);

            assertThat(servers.bySlug("acme", second.slug())).isPresent();
            servers.delete(ACME, second.id());
            assertThat(servers.bySlug("acme", second.slug())).as("the gateway forgets a deleted server at once").isEmpty();
            assertThat(servers.register(ACME, "Files", "https://files.example.net/mcp").slug())
                    .as("a deleted server frees its slug").isEqualTo("files-2");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aTenantSeesReadsAndDeletesOnlyItsOwnServers(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            UpstreamServers servers = registry(store.jdbi());
            ServerView theirs = servers.register(GLOBEX, "Calendar", "https://calendar.example.com/mcp");

            assertThat(servers.list(ACME, null, 50).items()).isEmpty();
            assertThat(servers.bySlug("acme", "calendar")).isEmpty();
            for (Runnable attempt : List.<Runnable>of(() -> servers.get(ACME, theirs.id()),
                    () -> servers.delete(ACME, theirs.id()), () -> servers.get(ACME, "srv_unknown"))) {
                assertThatThrownBy(attempt::run).isInstanceOfSatisfying(Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_FOUND));
            }
            assertThat(servers.get(GLOBEX, theirs.id())).isEqualTo(theirs);

            servers.delete(GLOBEX, theirs.id());
            assertThat(servers.list(GLOBEX, null, 50).items()).isEmpty();
            assertThat(audit(store.jdbi(), "server.delete")).containsExactly(theirs.id());
            assertThatThrownBy(() -> servers.delete(GLOBEX, theirs.id())).isInstanceOf(Failure.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void pagesAreNewestFirstAndMeetWithoutGapsOrRepeats(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            UpstreamServers servers = registry(store.jdbi());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(servers.register(ACME, "Server " + i, "https://s" + i + ".example.com/mcp").id());
                servers.register(GLOBEX, "Server " + i, "https://s" + i + ".example.com/mcp");
            }

            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<ServerView> page = servers.list(ACME, cursor, 2);
                page.items().forEach(s -> seen.add(s.id()));
                cursor = page.nextCursor().orElse(null);
                pages++;
            } while (cursor != null);

            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(newestFirst(store.jdbi(), "acme"));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(servers.listAll(Optional.empty(), Optional.empty(), null, 50).items()).hasSize(10);
            assertThat(servers.listAll(Optional.of("globex"), Optional.of("server-3"), null, 50).items())
                    .extracting(UpstreamServer::tenant, UpstreamServer::slug)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("globex", "server-3"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void concurrentRegistrationsTakeDistinctSlugsAndOneUrlOnce(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            UpstreamServers servers = registry(store.jdbi());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<String>> sameName = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String url = "https://race" + i + ".example.com/mcp";
                    sameName.add(() -> servers.register(ACME, "Race", url).slug());
                }
                Set<String> slugs = new HashSet<>();
                for (Future<String> slug : pool.invokeAll(sameName)) {
                    slugs.add(slug.get());
                }
                assertThat(slugs).hasSize(8).contains("race", "race-8");

                List<Callable<String>> sameUrl = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    sameUrl.add(() -> {
                        try {
                            return servers.register(ACME, "Twin", "https://twin.example.com/mcp").id();
                        } catch (Failure f) {
                            return f.code();
                        }
                    });
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> outcome : pool.invokeAll(sameUrl)) {
                    outcomes.add(outcome.get());
                }
                assertThat(outcomes).filteredOn(o -> o.startsWith("srv_")).hasSize(1);
                assertThat(outcomes).filteredOn("server_exists"::equals).hasSize(5);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<String> newestFirst(Jdbi jdbi, String tenant) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT id FROM upstream_servers WHERE tenant = :t ORDER BY created_at DESC, id DESC")
                .bind("t", tenant).mapTo(String.class).list());
    }

    private static int count(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upstream_servers").mapTo(Integer.class).one());
    }

    private static List<String> audit(Jdbi jdbi, String action) {
        return jdbi.withHandle(h -> h.createQuery("SELECT target_id FROM audit_log WHERE action = :a")
                .bind("a", action).mapTo(String.class).list());
    }
}
