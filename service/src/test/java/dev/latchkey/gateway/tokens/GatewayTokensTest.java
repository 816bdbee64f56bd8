package dev.latchkey.gateway.tokens;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.BearerSecrets;
import dev.latchkey.auth.Caller;
import dev.latchkey.protocol.Failure;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Minting, authenticating and revoking gateway tokens, over the real store on H2 with a hand-moved clock. */
class GatewayTokensTest {

    private static final Caller ACME = new Caller("acme", "acmekey123");
    private static final Caller GLOBEX = new Caller("globex", "globexkey1");

    private static StoreFixture fixture;
    private static MutableClock clock;
    private static GatewayTokens tokens;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(TestDatabases.Kind.H2, TempDirs.create("gateway-tokens"));
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        tokens = new GatewayTokens(fixture.jdbi(), new AuditLog(fixture.jdbi(), clock), clock);
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Test
    void aMintedTokenAuthenticatesAsItsTenantSubjectAndServers() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("alice", "laptop", null, null,
                List.of("github", "srv_1", "github")));

        assertThat(minted.value()).matches("lkg_[a-z2-7]{10}_[A-Za-z0-9_-]{43}")
                .startsWith(minted.token().displayPrefix() + "_");
        assertThat(minted.toString()).doesNotContain(minted.value());
        GatewayCaller caller = tokens.authenticate(minted.value()).orElseThrow();
        assertThat(caller).isEqualTo(new GatewayCaller("acme", "alice", List.of("github", "srv_1"),
                minted.token().id(), minted.token().displayPrefix()));
        assertThat(caller.mayReach("github")).isTrue();
        assertThat(caller.mayReach("slack")).isFalse();
        assertThat(hashOf(minted.token().id())).isEqualTo(BearerSecrets.hash(minted.value()))
                .doesNotContain(minted.value().substring(15));
    }

    @Test
    void aTokenWithoutServersReachesEveryServer() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, null, null));

        GatewayCaller caller = tokens.authenticate(minted.value()).orElseThrow();

        assertThat(caller.servers()).isEmpty();
        assertThat(caller.mayReach("anything")).isTrue();
    }

    @Test
    void theRightPrefixWithAWrongSecretIsRefused() {
        String value = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, null, null)).value();
        char last = value.charAt(value.length() - 1);

        assertThat(tokens.authenticate(value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(tokens.authenticate(value.substring(0, 15) + "A".repeat(43))).isEmpty();
        assertThat(tokens.authenticate(value)).as("the real one still works").isPresent();
    }

    @Test
    void malformedValuesAreRefusedWithoutALookup() {
        String value = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, null, null)).value();

        for (String presented : new String[] {null, "", " ", value + "x", value.substring(1), "lk" + value.substring(3),
                " " + value, value.toUpperCase(java.util.Locale.ROOT), "Bearer " + value}) {
            assertThat(tokens.authenticate(presented)).as(String.valueOf(presented)).isEmpty();
        }
    }

    @Test
    void anApiKeyIsNotAGatewayToken() {
        String value = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, null, null)).value();

        assertThat(tokens.authenticate("lk_" + value.substring(4))).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, 120L, null));
        assertThat(minted.token().expiresAt()).contains(clock.instant().plusSeconds(120));
        assertThat(tokens.authenticate(minted.value())).isPresent();

        clock.advance(Duration.ofSeconds(119));
        assertThat(tokens.authenticate(minted.value())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authenticate(minted.value())).isEmpty();
        assertThat(tokens.get("acme", minted.token().id()).status(clock.instant()))
                .isEqualTo(GatewayToken.Status.EXPIRED);
    }

    @Test
    void aRevokedTokenIsRefusedAndRevokingIsAuditedWithoutTheToken() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("alice", null, null, null, null));
        String id = minted.token().id();

        tokens.revoke(ACME, id);
        tokens.revoke(ACME, id);

        assertThat(tokens.authenticate(minted.value())).isEmpty();
        assertThat(tokens.get("acme", id).status(clock.instant())).isEqualTo(GatewayToken.Status.REVOKED);
        List<String> audit = fixture.jdbi().withHandle(h -> h.createQuery(
                        "SELECT action || ' ' || actor || ' ' || COALESCE(details, '') FROM audit_log"
                                + " WHERE target_id = :id ORDER BY occurred_at, id")
                .bind("id", id).mapTo(String.class).list());
        assertThat(audit).containsExactly("gateway_token.mint lk_acmekey123 " + minted.token().displayPrefix(),
                "gateway_token.revoke lk_acmekey123 " + minted.token().displayPrefix());
        assertThat(String.join("\n", audit)).doesNotContain(minted.value().substring(15));
    }

    @Test
    void anotherTenantNeverSeesNorRevokesATokenButItsOwnerDoes() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("carol", null, null, null, null));
        String id = minted.token().id();

        assertThatThrownBy(() -> tokens.get("globex", id)).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_FOUND));
        assertThatThrownBy(() -> tokens.revoke(GLOBEX, id)).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_FOUND));
        assertThat(tokens.list("globex", Optional.empty(), null, 200).items()).extracting(GatewayToken::id)
                .doesNotContain(id);
        assertThat(tokens.list("acme", Optional.of("carol"), null, 200).items()).extracting(GatewayToken::id)
                .containsExactly(id);
        assertThat(tokens.authenticate(minted.value()).orElseThrow().tenant()).isEqualTo("acme");
    }

    @Test
    void anOperatorRevokesATokenOfAnyTenantOnce() {
        GatewayTokens.Minted minted = tokens.mint(GLOBEX, new GatewayTokenRequest("dave", null, null, null, null));

        assertThat(tokens.revokeByOperator(minted.token().id(), "ada")).isTrue();
        assertThat(tokens.revokeByOperator(minted.token().id(), "ada")).isFalse();
        assertThat(tokens.revokeByOperator("gwt_unknown", "ada")).isFalse();
        assertThat(tokens.authenticate(minted.value())).isEmpty();
    }

    @Test
    void aUseIsRecordedAtMostOnceAMinute() {
        GatewayTokens.Minted minted = tokens.mint(ACME, new GatewayTokenRequest("erin", null, null, null, null));
        String id = minted.token().id();
        Instant first = clock.instant();

        tokens.authenticate(minted.value());
        clock.advance(Duration.ofSeconds(30));
        tokens.authenticate(minted.value());
        assertThat(tokens.get("acme", id).lastUsedAt()).contains(first);

        clock.advance(Duration.ofSeconds(31));
        tokens.authenticate(minted.value());
        assertThat(tokens.get("acme", id).lastUsedAt()).contains(clock.instant());
    }

    @Test
    void requestsThatDoNotHoldAreRefusedWithTheirCodes() {
        Instant now = clock.instant();
        assertCode(null, "invalid_subject");
        assertCode(new GatewayTokenRequest(null, null, null, null, null), "invalid_subject");
        assertCode(new GatewayTokenRequest("  ", null, null, null, null), "invalid_subject");
        assertCode(new GatewayTokenRequest("a".repeat(201), null, null, null, null), "invalid_subject");
        assertCode(new GatewayTokenRequest("a\nb", null, null, null, null), "invalid_subject");
        assertCode(new GatewayTokenRequest("alice", "n".repeat(101), null, null, null), "invalid_name");
        assertCode(new GatewayTokenRequest("alice", null, now.minusSeconds(1).toString(), null, null),
                "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, now.plus(Duration.ofDays(367)).toString(), null, null),
                "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, "tomorrow", null, null), "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, "2030-02-01T00:00:00", null, null), "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, now.plusSeconds(3600).toString(), 3600L, null),
                "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, null, 59L, null), "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, null, -5L, null), "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, null, Duration.ofDays(367).toSeconds(), null),
                "invalid_expiry");
        assertCode(new GatewayTokenRequest("alice", null, null, null, List.of()), "invalid_servers");
        assertCode(new GatewayTokenRequest("alice", null, null, null, List.of("has space")), "invalid_servers");
        assertCode(new GatewayTokenRequest("alice", null, null, null, List.of("-lead")), "invalid_servers");
        assertCode(new GatewayTokenRequest("alice", null, null, null, java.util.Arrays.asList("ok", null)),
                "invalid_servers");
        assertCode(new GatewayTokenRequest("alice", null, null, null,
                java.util.stream.IntStream.range(0, 33).mapToObj(i -> "s" + i).toList()), "invalid_servers");

        GatewayToken atOffset = tokens.mint(ACME, new GatewayTokenRequest("alice", null, "2030-01-31T13:00:00+01:00",
                null, null)).token();
        assertThat(atOffset.expiresAt()).contains(Instant.parse("2030-01-31T12:00:00Z"));
    }

    private static void assertCode(GatewayTokenRequest request, String code) {
        assertThatThrownBy(() -> tokens.mint(ACME, request)).as(String.valueOf(request))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.code()).isEqualTo(code);
                    assertThat(f.kind()).isEqualTo(Failure.Kind.REQUEST);
                });
    }

    private static String hashOf(String id) {
        Jdbi jdbi = fixture.jdbi();
        return jdbi.withHandle(h -> h.createQuery("SELECT token_hash FROM gateway_tokens WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }
}
