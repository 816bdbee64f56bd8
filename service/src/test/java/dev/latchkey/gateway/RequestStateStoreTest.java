package dev.latchkey.gateway;

import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway_request_states table through its store, on both databases the migrations run on. */
class RequestStateStoreTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aStateIdIsUsedOnceAndForgottenAfterItsExpiry(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture fixture = StoreFixture.open(kind, dir)) {
            RequestStateStore store = new RequestStateStore(fixture.jdbi());

            assertThat(store.useOnce("s1", 1_000, 5_000)).isTrue();
            assertThat(store.useOnce("s1", 2_000, 5_000)).as("again").isFalse();
            assertThat(store.useOnce("s2", 2_000, 9_000)).isTrue();

            assertThat(store.deleteExpired(5_000)).as("not before its expiry").isZero();
            assertThat(store.deleteExpired(5_001)).isEqualTo(1);
            assertThat(ids(fixture.jdbi())).isEqualTo(1);
        }
    }

    private static long ids(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM gateway_request_states")
                .mapTo(Long.class).one());
    }
}
