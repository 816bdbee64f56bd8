package dev.latchkey.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operators, sessions and sign-in throttling against both databases. */
class ConsoleSecurityStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void sessionsLiveUntilIdleOrAbsoluteTimeoutAndEndOnSignOut(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            Operators operators = configured(store.jdbi(), "ada", "bob");
            ConsoleSessions sessions = new ConsoleSessions(store.jdbi(), operators, clock, Duration.ofMinutes(30),
                    Duration.ofHours(2));
            String id = open(sessions, operators, "ada");
            Operator operator = sessions.authenticate(id).orElseThrow();
            assertThat(operator.name()).isEqualTo("ada");
            assertThat(operator.sessionKey()).isNotEqualTo(id).hasSize(64);

            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.authenticate(id)).as("activity renews the idle deadline").isPresent();
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.authenticate(id)).isPresent();
            clock.advance(Duration.ofMinutes(31));
            assertThat(sessions.authenticate(id)).as("idle too long").isEmpty();

            String second = open(sessions, operators, "ada");
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMinutes(25));
                assertThat(sessions.authenticate(second)).isPresent();
            }
            clock.advance(Duration.ofMinutes(25));
            assertThat(sessions.authenticate(second)).as("past the absolute lifetime").isEmpty();

            String third = open(sessions, operators, "bob");
            sessions.end(sessions.authenticate(third).orElseThrow().sessionKey());
            assertThat(sessions.authenticate(third)).isEmpty();
            assertThat(sessions.authenticate("x".repeat(43))).isEmpty();
            assertThat(sessions.authenticate(null)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void csrfTokensAreStablePerSessionAndDifferBetweenSessions(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            Operators operators = configured(store.jdbi(), "ada");
            ConsoleSessions sessions = new ConsoleSessions(store.jdbi(), operators, clock, Duration.ofMinutes(30),
                    Duration.ofHours(2));
            String a = open(sessions, operators, "ada");
            String b = open(sessions, operators, "ada");

            assertThat(sessions.authenticate(a).orElseThrow().csrfToken())
                    .isEqualTo(sessions.authenticate(a).orElseThrow().csrfToken())
                    .isNotEqualTo(sessions.authenticate(b).orElseThrow().csrfToken())
                    .doesNotContain(a);
            assertThat(ConsoleSessions.tokensMatch("abc", "abc")).isTrue();
            assertThat(ConsoleSessions.tokensMatch("abc", "abd")).isFalse();
            assertThat(ConsoleSessions.tokensMatch("abc", null)).isFalse();
            assertThat(ConsoleSessions.tokensMatch(null, null)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void failedSignInsLockANameAndAnAddressForAGrowingTime(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            LoginThrottle throttle = new LoginThrottle(store.jdbi(), clock,
                    new LoginThrottle.Policy(5, Duration.ofMinutes(1), Duration.ofHours(1)));
            for (int i = 0; i < 4; i++) {
                throttle.failed("ada", "10.0.0.1");
            }
            assertThat(throttle.lockedFor("ada", "10.0.0.1")).isEmpty();

            throttle.failed("ada", "10.0.0.1");
            assertThat(throttle.lockedFor("ada", "10.0.0.2")).as("the name is locked from anywhere")
                    .hasValue(Duration.ofMinutes(1));
            assertThat(throttle.lockedFor("someone-else", "10.0.0.1")).as("and the address for any name")
                    .hasValue(Duration.ofMinutes(1));
            assertThat(throttle.lockedFor("bob", "10.0.0.9")).isEmpty();

            clock.advance(Duration.ofSeconds(61));
            throttle.failed("ada", "10.0.0.1");
            assertThat(throttle.lockedFor("ada", "10.0.0.3")).as("the sixth failure doubles the lock")
                    .hasValue(Duration.ofMinutes(2));

            clock.advance(Duration.ofMinutes(3));
            throttle.succeeded("ada", "10.0.0.1");
            throttle.failed("ada", "10.0.0.1");
            assertThat(throttle.lockedFor("ada", "10.0.0.1")).as("a success starts the count again").isEmpty();
            assertThat(throttle.lockMillis(40)).isEqualTo(Duration.ofHours(1).toMillis());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void operatorsComeFromConfigurationOrTheDatabase(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            String hash = new String(BCrypt.withDefaults().hash(4, "configured password".toCharArray()),
                    StandardCharsets.US_ASCII);
            Operators operators = new Operators(List.of(new OperatorConfig("root", hash)), store.jdbi(),
                    new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
            operators.add("ada", "first password here".toCharArray());
            operators.add("ada", "second password here".toCharArray());

            assertThat(operators.verify("root", "configured password")).isTrue();
            assertThat(operators.verify("root", "Configured password")).isFalse();
            assertThat(operators.verify("ada", "second password here")).isTrue();
            assertThat(operators.verify("ada", "first password here")).as("replaced").isFalse();
            assertThat(operators.verify("nobody", "second password here")).isFalse();
            assertThat(operators.verify("ada", "")).isFalse();
            assertThat(operators.list()).extracting(Operators.Listed::name, Operators.Listed::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("root", "configuration"),
                            org.assertj.core.groups.Tuple.tuple("ada", "database"));
            assertThatThrownBy(() -> operators.add("root", "a long enough password".toCharArray()))
                    .hasMessageContaining("configuration");
            assertThatThrownBy(() -> operators.add("eve", "short".toCharArray())).hasMessageContaining("12");
            assertThatThrownBy(() -> operators.add("bad name", "a long enough password".toCharArray()))
                    .hasMessageContaining("operator name");
            String stored = store.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM operators")
                    .mapTo(String.class).one());
            assertThat(stored).startsWith("$2").doesNotContain("second password");
            assertThat(Optional.of(stored)).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSessionEndsWhenItsOperatorIsRemovedOrItsPasswordChanges(TestDatabases.Kind kind) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            Operators before = configured(store.jdbi(), "root", "admin");
            before.add("ada", "first password here".toCharArray());
            before.add("bob", "bobs password here".toCharArray());
            ConsoleSessions sessions = new ConsoleSessions(store.jdbi(), before, clock, Duration.ofMinutes(30),
                    Duration.ofHours(2));
            String ada = sessions.open("ada", before.signIn("ada", "first password here").orElseThrow());
            String bob = sessions.open("bob", before.signIn("bob", "bobs password here").orElseThrow());
            String root = open(sessions, before, "root");
            String admin = open(sessions, before, "admin");
            assertThat(Stream.of(ada, bob, root, admin).map(sessions::authenticate)).allMatch(Optional::isPresent);

            assertThat(before.add("ada", "second password here".toCharArray())).as("a password change").isFalse();
            assertThat(before.remove("bob")).isTrue();
            assertThat(sessions.authenticate(ada)).isEmpty();
            assertThat(sessions.authenticate(bob)).isEmpty();

            // A restart with root's password changed and admin gone from the configuration file.
            Operators after = new Operators(List.of(new OperatorConfig("root", bcrypt("a new root password"))),
                    store.jdbi(), clock);
            ConsoleSessions restarted = new ConsoleSessions(store.jdbi(), after, clock, Duration.ofMinutes(30),
                    Duration.ofHours(2));
            assertThat(restarted.authenticate(root)).isEmpty();
            assertThat(restarted.authenticate(admin)).isEmpty();
            int left = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM console_sessions")
                    .mapTo(Integer.class).one());
            assertThat(left).as("every ended session is deleted").isZero();

            String fresh = restarted.open("root", after.signIn("root", "a new root password").orElseThrow());
            store.jdbi().useHandle(h -> h.execute("UPDATE console_sessions SET credential = NULL"));
            assertThat(restarted.authenticate(fresh)).as("a session from before credentials were recorded").isEmpty();
            assertThatThrownBy(() -> after.remove("root")).hasMessageContaining("configuration");
        }
    }

    /** Operators from the configuration file, each with the password "password of NAME". */
    private static Operators configured(Jdbi jdbi, String... names) {
        return new Operators(Stream.of(names).map(name -> new OperatorConfig(name, bcrypt("password of " + name)))
                .toList(), jdbi, Clock.systemUTC());
    }

    private static String open(ConsoleSessions sessions, Operators operators, String name) {
        return sessions.open(name, operators.signIn(name, "password of " + name).orElseThrow());
    }

    private static String bcrypt(String password) {
        return new String(BCrypt.withDefaults().hash(4, password.toCharArray()), StandardCharsets.US_ASCII);
    }
}
