package dev.latchkey.issuer;

import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorization server's tables through their stores, on both databases the migrations run on. */
class IssuerStoresTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static McpClient client(String id, McpClient.Kind kind, Optional<Instant> freshUntil) {
        return new McpClient(id, kind, Optional.of("Client " + id), List.of("https://app.example/cb"),
                McpClient.AuthMethod.NONE, List.of("authorization_code", "refresh_token"), Optional.empty(), T0, T0,
                freshUntil);
    }

    private static Grant grant(String id, String subject, Instant now) {
        return new Grant(id, "acme", subject, "lkc_1", "http://127.0.0.1:8080/mcp/alpha", List.of("mcp"), "uss_1",
                now, now.plus(Duration.ofDays(30)), now, Optional.empty(), Optional.empty());
    }

    private static IssuedCode code(String hash, Instant now) {
        return new IssuedCode(hash, "lkc_1", "https://app.example/cb", "http://127.0.0.1:8080/mcp/alpha",
                List.of("mcp"), "challenge", "acme", "alice", "uss_1", now, now.plusSeconds(60), Optional.empty(),
                Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void clientsAreStoredAndDocumentsRefreshed(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            McpClientStore store = new McpClientStore(fixture.jdbi());
            McpClient registered = store.insert(new McpClient("lkc_1", McpClient.Kind.REGISTERED, Optional.empty(),
                    List.of("https://a.example/cb", "http://127.0.0.1:9/cb"), McpClient.AuthMethod.CLIENT_SECRET_POST,
                    List.of("authorization_code"), Optional.of("h".repeat(64)), T0, T0, Optional.empty()));
            assertThat(registered.redirectUris()).containsExactly("https://a.example/cb", "http://127.0.0.1:9/cb");
            assertThat(registered.secretHash()).contains("h".repeat(64));
            assertThat(registered.authMethod()).isEqualTo(McpClient.AuthMethod.CLIENT_SECRET_POST);

            String url = "https://client.example/c.json";
            store.saveDocument(client(url, McpClient.Kind.METADATA_DOCUMENT, Optional.of(T0.plusSeconds(60))));
            McpClient changed = new McpClient(url, McpClient.Kind.METADATA_DOCUMENT, Optional.of("Renamed"),
                    List.of("https://client.example/cb2"), McpClient.AuthMethod.NONE, List.of("authorization_code"),
                    Optional.empty(), T0.plusSeconds(100), T0.plusSeconds(100), Optional.of(T0.plusSeconds(160)));
            McpClient saved = store.saveDocument(changed);
            assertThat(saved.name()).contains("Renamed");
            assertThat(saved.redirectUris()).containsExactly("https://client.example/cb2");
            assertThat(saved.createdAt()).as("first seen stays").isEqualTo(T0);
            assertThat(saved.lastSeenAt()).isEqualTo(T0.plusSeconds(100));
            assertThat(saved.freshUntil()).contains(T0.plusSeconds(160));
            assertThat(store.page(Long.MAX_VALUE, "~", 10)).extracting(McpClient::clientId).as("same time: by id, descending").containsExactly("lkc_1", url);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aCodeRedeemsOnceAndRefreshTokensRotateWithReuseDetection(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            GrantStore store = new GrantStore(fixture.jdbi());
            store.insertCode(code("c1", T0));
            assertThat(store.findCode("c1")).hasValueSatisfying(c -> {
                assertThat(c.usedAt()).isEmpty();
                assertThat(c.codeChallenge()).isEqualTo("challenge");
            });
            assertThat(store.redeemCode("c1", grant("grt_1", "alice", T0), "r1")).isTrue();
            assertThat(store.redeemCode("c1", grant("grt_2", "alice", T0), "r1b")).as("second use").isFalse();
            assertThat(store.findGrant("grt_2")).as("nothing stored for it").isEmpty();
            assertThat(store.findCode("c1").orElseThrow().grantId()).contains("grt_1");

            GrantStore.Rotation first = store.rotate("r1", "r2", T0.plusSeconds(10));
            assertThat(first).isInstanceOf(GrantStore.Rotation.Rotated.class);
            assertThat(store.rotate("r2", "r3", T0.plusSeconds(20))).isInstanceOf(GrantStore.Rotation.Rotated.class);
            assertThat(store.rotate("nope", "r9", T0)).isInstanceOf(GrantStore.Rotation.Unknown.class);

            GrantStore.Rotation reused = store.rotate("r1", "r4", T0.plusSeconds(30));
            assertThat(reused).isEqualTo(new GrantStore.Rotation.Reused("grt_1"));
            Grant revoked = store.findGrant("grt_1").orElseThrow();
            assertThat(revoked.revokedAt()).contains(T0.plusSeconds(30));
            assertThat(revoked.revokedWhy()).contains("refresh_reused");
            assertThat(store.rotate("r3", "r5", T0.plusSeconds(40))).as("the newest one dies with the family")
                    .isInstanceOf(GrantStore.Rotation.Ended.class);
            assertThat(store.grantOfRefreshToken("r5")).isEmpty();

            store.insertCode(code("c2", T0));
            assertThat(store.redeemCode("c2", grant("grt_3", "alice", T0), "s1")).isTrue();
            assertThat(store.revoke("grt_3", T0.plusSeconds(1), Grant.Revocation.CLIENT)).isTrue();
            assertThat(store.revoke("grt_3", T0.plusSeconds(2), Grant.Revocation.CLIENT)).isFalse();
            assertThat(store.pageOfUser("acme", "alice", Long.MAX_VALUE, "~", 10)).extracting(Grant::id)
                    .containsExactly("grt_3", "grt_1");
            assertThat(store.purge(T0.plusSeconds(61))).as("two codes, and the revoked grants' four refresh tokens")
                    .isEqualTo(6);
            assertThat(store.grantOfRefreshToken("s1")).isEmpty();
            assertThat(store.findGrant("grt_3")).as("the grant stays, as history").isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void consentsGrowAndWithdrawingRevokesTheUsersGrantsForTheClient(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            ConsentStore consents = new ConsentStore(fixture.jdbi());
            GrantStore grants = new GrantStore(fixture.jdbi());
            String resource = "http://127.0.0.1:8080/mcp/alpha";
            Consent first = consents.remember("acme", "alice", "lkc_1", resource, List.of("mcp"), T0);
            assertThat(first.covers(List.of("mcp"))).isTrue();
            assertThat(first.covers(List.of("mcp", "admin"))).isFalse();
            Consent grown = consents.remember("acme", "alice", "lkc_1", resource, List.of("admin"), T0.plusSeconds(5));
            assertThat(grown.id()).isEqualTo(first.id());
            assertThat(grown.scopes()).containsExactly("mcp", "admin");
            assertThat(consents.find("acme", "bob", "lkc_1", resource)).isEmpty();

            grants.insertCode(code("c1", T0));
            grants.redeemCode("c1", grant("grt_1", "alice", T0), "r1");
            assertThat(consents.withdraw("acme", "bob", first.id(), T0)).as("not bob's").isEmpty();
            assertThat(consents.withdraw("acme", "alice", first.id(), T0.plusSeconds(9))).isPresent();
            assertThat(consents.find("acme", "alice", "lkc_1", resource)).isEmpty();
            assertThat(grants.findGrant("grt_1").orElseThrow().revokedWhy()).contains("consent_withdrawn");
            assertThat(consents.pageOfUser("acme", "alice", Long.MAX_VALUE, "~", 10)).isEmpty();
        }
    }

    /** Two refreshes with one token at once: exactly one rotates; the other is a reuse and ends the grant. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void concurrentRefreshesWithOneTokenRotateOnceAndRevoke(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            GrantStore store = new GrantStore(fixture.jdbi());
            store.insertCode(code("c1", T0));
            store.redeemCode("c1", grant("grt_1", "alice", T0), "r1");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<GrantStore.Rotation>> results = new java.util.ArrayList<>();
                for (String next : List.of("a", "b")) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.rotate("r1", next, T0.plusSeconds(5));
                    }));
                }
                start.countDown();
                List<GrantStore.Rotation> outcomes = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<GrantStore.Rotation> result : results) {
                    outcomes.add(result.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(outcomes).filteredOn(o -> o instanceof GrantStore.Rotation.Rotated).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o instanceof GrantStore.Rotation.Reused).hasSize(1);
                assertThat(store.findGrant("grt_1").orElseThrow().revokedWhy()).contains("refresh_reused");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
