package dev.latchkey.flow;

import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionDao;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStartCommit;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.store.Dialect;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset pages of flows and connections (newest first on created_at, then id) visit every row once,
 * in order, also when many rows share a created_at — on H2 and PostgreSQL.
 */
class KeysetPageTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void pagesOfTwoVisitEveryFlowOnceInOrder(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String id = "flw_" + (char) ('a' + i);
                long createdAt = 1_000L + i / 3;
                jdbi.useHandle(h -> h.execute("INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url,"
                        + " resource, status, link_id, created_at, expires_at) VALUES (?, 'acme', 'alice', 's', 's',"
                        + " 'https://mcp.example/mcp', 'https://mcp.example/mcp', 'pending', ?, ?, ?)",
                        id, "link-" + id, createdAt, createdAt + 600_000));
                expected.add(0, id);
            }
            jdbi.useHandle(h -> h.execute("INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url,"
                    + " resource, status, link_id, created_at, expires_at) VALUES ('flw_other', 'other', 'alice', 's',"
                    + " 's', 'u', 'u', 'pending', 'link-other', 1001, 2000)"));
            FlowStore flows = new FlowStore(jdbi, null, null, Clock.systemUTC(), Dialect.H2, FlowStartCommit.DURABLE);
            List<String> seen = new ArrayList<>();
            long at = Long.MAX_VALUE;
            String cursorId = "~";
            while (true) {
                long pageAt = at;
                String pageId = cursorId;
                List<Flow> page = flows.page("acme", pageAt, pageId, Optional.empty(), Optional.empty(),
                        Optional.empty(), 2);
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(flow -> seen.add(flow.id()));
                at = page.get(page.size() - 1).createdAt().toEpochMilli();
                cursorId = page.get(page.size() - 1).id();
            }
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void connectionPageStartsRightAfterTheCursorAmongEqualTimes(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            Jdbi jdbi = store.jdbi();
            for (String id : List.of("con_a", "con_b", "con_c", "con_d")) {
                jdbi.useHandle(h -> h.execute("INSERT INTO connections (id, tenant, subject, server_id, server_slug,"
                        + " server_url, resource, issuer, client_ref, status, has_refresh_token, refresh_failures,"
                        + " version, created_at, updated_at) VALUES (?, 'acme', ?, 's', 's', 'u', 'u', 'i', 'c',"
                        + " 'active', FALSE, 0, 1, ?, 0)", id, "subject-" + id, id.equals("con_d") ? 2_000L : 1_000L));
            }
            List<Connection> page = jdbi.withExtension(ConnectionDao.class,
                    dao -> dao.page("acme", 1_000L, "con_c", null, null, null, 10));
            assertThat(page).extracting(Connection::id).containsExactly("con_b", "con_a");
        }
    }
}
