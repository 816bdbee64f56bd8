package dev.latchkey.gateway.tokens;

import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway_tokens table through its store, on both databases the migrations run on. */
class GatewayTokenStoreTest {

    private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void storesReadsBackPagesAndRevokes(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            GatewayTokenStore store = new GatewayTokenStore(fixture.jdbi());
            List<String> audited = new ArrayList<>();

            GatewayToken stored = store.insert("gwt_1", "abcdefghij", "h".repeat(64), "acme", "alice",
                    Optional.of("laptop"), List.of("github", "srv_2"), Optional.of(T0 + 3_600_000), T0,
                    h -> audited.add("mint"));

            assertThat(audited).containsExactly("mint");
            assertThat(stored.id()).isEqualTo("gwt_1");
            assertThat(stored.prefix()).isEqualTo("abcdefghij");
            assertThat(stored.tokenHash()).isEqualTo("h".repeat(64));
            assertThat(stored.tenant()).isEqualTo("acme");
            assertThat(stored.subject()).isEqualTo("alice");
            assertThat(stored.name()).contains("laptop");
            assertThat(stored.servers()).containsExactly("github", "srv_2");
            assertThat(stored.expiresAt()).contains(Instant.ofEpochMilli(T0 + 3_600_000));
            assertThat(stored.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(stored.revokedAt()).isEmpty();
            assertThat(stored.lastUsedAt()).isEmpty();
            assertThat(store.findByPrefix("abcdefghij")).contains(stored);
            assertThat(store.findByPrefix("zzzzzzzzzz")).isEmpty();

            GatewayToken bare = store.insert("gwt_2", "bbbbbbbbbb", "b".repeat(64), "acme", "bob", Optional.empty(),
                    List.of(), Optional.empty(), T0 + 1, h -> { });
            assertThat(bare.name()).isEmpty();
            assertThat(bare.servers()).as("NULL: every server").isEmpty();
            assertThat(bare.expiresAt()).isEmpty();
            store.insert("gwt_3", "cccccccccc", "c".repeat(64), "globex", "alice", Optional.empty(), List.of(),
                    Optional.empty(), T0 + 2, h -> { });

            assertThat(store.find("acme", "gwt_1")).isPresent();
            assertThat(store.find("globex", "gwt_1")).as("another tenant's").isEmpty();
            assertThat(ids(store.page("acme", Optional.empty(), Long.MAX_VALUE, "~", 10)))
                    .containsExactly("gwt_2", "gwt_1");
            assertThat(ids(store.page("acme", Optional.of("alice"), Long.MAX_VALUE, "~", 10)))
                    .containsExactly("gwt_1");
            assertThat(ids(store.page("acme", Optional.empty(), T0 + 1, "gwt_2", 10)))
                    .as("after the cursor").containsExactly("gwt_1");
            assertThat(ids(store.pageAllTenants(Optional.empty(), Optional.empty(), Long.MAX_VALUE, "~", 10)))
                    .containsExactly("gwt_3", "gwt_2", "gwt_1");
            assertThat(ids(store.pageAllTenants(Optional.empty(), Optional.of("alice"), Long.MAX_VALUE, "~", 10)))
                    .containsExactly("gwt_3", "gwt_1");
            assertThat(ids(store.pageAllTenants(Optional.of("globex"), Optional.empty(), Long.MAX_VALUE, "~", 10)))
                    .containsExactly("gwt_3");

            assertThat(store.revoke("gwt_1", T0 + 10, (h, token) -> audited.add("revoke " + token.tenant())))
                    .isTrue();
            assertThat(store.revoke("gwt_1", T0 + 20, (h, token) -> audited.add("again"))).isFalse();
            assertThat(store.revoke("gwt_nope", T0 + 20, (h, token) -> audited.add("unknown"))).isFalse();
            assertThat(audited).containsExactly("mint", "revoke acme");
            assertThat(store.find("acme", "gwt_1").orElseThrow().revokedAt()).contains(Instant.ofEpochMilli(T0 + 10));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aUseIsWrittenOnlyWhenTheLastOneIsOlderThanTheInterval(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            GatewayTokenStore store = new GatewayTokenStore(fixture.jdbi());
            store.insert("gwt_u", "uuuuuuuuuu", "u".repeat(64), "acme", "alice", Optional.empty(), List.of(),
                    Optional.empty(), T0, h -> { });

            store.touch("gwt_u", T0 + 1_000, T0 + 1_000 - 60_000);
            store.touch("gwt_u", T0 + 30_000, T0 + 30_000 - 60_000);
            assertThat(lastUsed(fixture.jdbi())).as("within the minute: unchanged").isEqualTo(T0 + 1_000);

            store.touch("gwt_u", T0 + 61_001, T0 + 61_001 - 60_000);
            assertThat(lastUsed(fixture.jdbi())).isEqualTo(T0 + 61_001);
        }
    }

    private static long lastUsed(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_used_at FROM gateway_tokens WHERE id = 'gwt_u'")
                .mapTo(Long.class).one());
    }

    private static List<String> ids(List<GatewayToken> tokens) {
        return tokens.stream().map(GatewayToken::id).toList();
    }
}
