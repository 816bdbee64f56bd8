package dev.latchkey.auth;

import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void createdKeysAuthenticateUntilRevokedAndOnlyTheirHashIsStored(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            ApiKeys keys = new ApiKeys(store.jdbi(), Clock.systemUTC());
            assertThat(keys.anyLive()).isFalse();
            ApiKeys.Created created = keys.create("acme", Optional.of("assistant"));
            assertThat(keys.anyLive()).isTrue();

            assertThat(created.secret()).matches("lk_[a-z2-7]{10}_[A-Za-z0-9_-]{43}");
            assertThat(keys.authenticate(created.secret())).contains(new Caller("acme", created.key().prefix()));
            String stored = store.jdbi().withHandle(h -> h.createQuery("SELECT key_hash || prefix || tenant FROM api_keys")
                    .mapTo(String.class).one());
            assertThat(stored).doesNotContain(created.secret().substring(15));

            assertThat(keys.authenticate(created.secret() + "x")).isEmpty();
            String secret = created.secret();
            char last = secret.charAt(secret.length() - 1);
            assertThat(keys.authenticate(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A')))
                    .isEmpty();
            assertThat(keys.list(Optional.of("acme"))).hasSize(1);

            assertThat(keys.revoke("lk_" + created.key().prefix())).isTrue();
            assertThat(keys.revoke("lk_" + created.key().prefix())).isFalse();
            assertThat(keys.authenticate(created.secret())).isEmpty();
            assertThat(keys.list(Optional.empty()).get(0).isRevoked()).isTrue();
            assertThat(keys.anyLive()).as("a revoked key is no key to use").isFalse();
        }
    }
}
