package dev.latchkey.idempotency;

import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim, replay, mismatch, wait, take-over and expiry of idempotency keys, on H2 and PostgreSQL. */
class IdempotencyKeysTest {

    private static final IdempotencyKeys.Settings SETTINGS = new IdempotencyKeys.Settings(Duration.ofHours(24),
            Duration.ZERO, Duration.ofMinutes(2));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(clock)));

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theFirstRequestClaimsAndItsRetriesGetItsAnswer(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            IdempotencyKeys keys = new IdempotencyKeys(store.jdbi(), sealer, SETTINGS, clock);
            IdempotencyKeys.Claim first = keys.claim("acme", "key-1", "digest-a");
            assertThat(first).isInstanceOf(IdempotencyKeys.Claimed.class);
            // While the first runs, a retry (that does not wait) is told so.
            assertThat(keys.claim("acme", "key-1", "digest-a")).isInstanceOf(IdempotencyKeys.InProgress.class);

            byte[] body = "{\"id\":\"flw_1\",\"accessToken\":\"secret-at\"}".getBytes(StandardCharsets.UTF_8);
            keys.complete((IdempotencyKeys.Claimed) first, new IdempotencyKeys.Answer(201,
                    Optional.of("/v1/flows/flw_1"), "application/json", body));
            IdempotencyKeys.Claim retry = keys.claim("acme", "key-1", "digest-a");
            assertThat(retry).isInstanceOf(IdempotencyKeys.Replay.class);
            IdempotencyKeys.Answer answer = ((IdempotencyKeys.Replay) retry).answer();
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.location()).contains("/v1/flows/flw_1");
            assertThat(answer.body()).isEqualTo(body);
            // The kept answer is sealed: the token in it is not in the table, nor the key itself.
            String row = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT key_digest || ' ' || response_sealed FROM idempotency_keys").mapTo(String.class).one());
            assertThat(row).doesNotContain("secret-at").doesNotContain("key-1");

            assertThat(keys.claim("acme", "key-1", "digest-b")).isInstanceOf(IdempotencyKeys.Mismatch.class);
            // Keys are the tenant's own: another tenant's same key is a new request.
            assertThat(keys.claim("globex", "key-1", "digest-a")).isInstanceOf(IdempotencyKeys.Claimed.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAbandonedClaimIsTakenOverAndAReleasedOrExpiredKeyRunsAgain(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            IdempotencyKeys keys = new IdempotencyKeys(store.jdbi(), sealer, SETTINGS, clock);
            IdempotencyKeys.Claimed died = (IdempotencyKeys.Claimed) keys.claim("acme", "k", "d");
            clock.advance(Duration.ofMinutes(3));
            IdempotencyKeys.Claim takeOver = keys.claim("acme", "k", "d");
            assertThat(takeOver).isEqualTo(new IdempotencyKeys.Claimed(died.id()));

            keys.release((IdempotencyKeys.Claimed) takeOver);
            IdempotencyKeys.Claimed again = (IdempotencyKeys.Claimed) keys.claim("acme", "k", "d");
            keys.complete(again, new IdempotencyKeys.Answer(200, Optional.empty(), "application/json", new byte[0]));

            clock.advance(Duration.ofHours(25));
            assertThat(keys.claim("acme", "k", "other")).isInstanceOf(IdempotencyKeys.Claimed.class);
            clock.advance(Duration.ofHours(25));
            assertThat(keys.purgeExpired()).isEqualTo(1);
        }
    }
}
