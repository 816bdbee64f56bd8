package dev.latchkey.signin;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.store.Page;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** User sessions and pending sign-ins on both databases Latchkey runs on. */
class UserSessionsStoreTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSessionIsFoundByItsCookieOnlyWhileItLives(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            UserSessions sessions = new UserSessions(db.jdbi(), new AuditLog(db.jdbi(), clock), clock, Duration.ofHours(8));
            UserSessions.Opened opened = sessions.open("acme", "corp", "alice", "Alice Liddell");
            assertThat(opened.cookieValue()).startsWith(opened.session().id() + ".");
            assertThat(opened.session().secretHash()).doesNotContain(opened.cookieValue().split("\\.")[1]);
            assertThat(opened.toString()).doesNotContain(opened.cookieValue());

            SignedInUser alice = sessions.authenticate(opened.cookieValue()).orElseThrow().user();
            assertThat(alice).isEqualTo(new SignedInUser(opened.session().id(), "acme", "corp", "alice", "Alice Liddell",
                    T0));

            String wrongSecret = opened.session().id() + "." + "A".repeat(43);
            assertThat(sessions.authenticate(wrongSecret)).isEmpty();
            assertThat(sessions.authenticate(opened.cookieValue() + "x")).isEmpty();
            assertThat(sessions.authenticate(null)).isEmpty();

            clock.advance(Duration.ofHours(8));
            assertThat(sessions.authenticate(opened.cookieValue())).as("expired").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theUserOrAnOperatorEndsASessionAndTheConsoleListsThem(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            AuditLog audit = new AuditLog(db.jdbi(), clock);
            UserSessions sessions = new UserSessions(db.jdbi(), audit, clock, Duration.ofHours(8));
            UserSessions.Opened alice = sessions.open("acme", "corp", "alice", "alice");
            clock.advance(Duration.ofSeconds(1));
            UserSessions.Opened bob = sessions.open("acme", "corp", "bob", "bob");
            clock.advance(Duration.ofSeconds(1));
            UserSessions.Opened carol = sessions.open("globex", "dev", "carol", "carol");

            assertThat(sessions.end(sessions.authenticate(alice.cookieValue()).orElseThrow())).isTrue();
            assertThat(sessions.authenticate(alice.cookieValue())).as("signed out").isEmpty();
            assertThat(sessions.endByOperator(bob.session().id(), "root")).isTrue();
            assertThat(sessions.endByOperator(bob.session().id(), "root")).as("already ended").isFalse();
            assertThat(sessions.endByOperator("uss_unknown", "root")).isFalse();
            assertThat(sessions.authenticate(bob.cookieValue())).isEmpty();
            assertThat(sessions.authenticate(carol.cookieValue())).isPresent();
            assertThat(audit.page(Optional.of("user_session.end"), Optional.of("root"), null, 10).items())
                    .singleElement().satisfies(e -> assertThat(e.targetId()).isEqualTo(bob.session().id()));

            Page<UserSession> first = sessions.list(Optional.of("acme"), Optional.empty(), null, 1);
            assertThat(first.items()).extracting(UserSession::subject).containsExactly("bob");
            Page<UserSession> second = sessions.list(Optional.of("acme"), Optional.empty(), first.nextCursor().orElseThrow(),
                    1);
            assertThat(second.items()).extracting(UserSession::subject).containsExactly("alice");
            assertThat(second.items().get(0).status(clock.instant())).isEqualTo(UserSession.Status.ENDED);
            assertThat(sessions.list(Optional.empty(), Optional.of("carol"), null, 10).items())
                    .extracting(UserSession::tenant).containsExactly("globex");
            assertThat(sessions.list(Optional.empty(), Optional.empty(), null, 10).items()).hasSize(3);

            clock.advance(UserSessions.HISTORY.plusHours(9));
            assertThat(sessions.purgeOld()).isEqualTo(3);
            assertThat(sessions.list(Optional.empty(), Optional.empty(), null, 10).items()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aPendingSignInIsTakenOnceEvenByRacingRequests(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture db = StoreFixture.open(kind, dir)) {
            PendingSignInStore store = new PendingSignInStore(db.jdbi());
            PendingSignIn pending = new PendingSignIn("a".repeat(64), "b".repeat(64), "corp", "v1.k.sealed",
                    "/oauth/authorize?x=1", T0, T0.plusSeconds(600));
            store.insert(pending);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Optional<PendingSignIn>>> takers = List.of(() -> store.take(pending.stateHash()),
                        () -> store.take(pending.stateHash()), () -> store.take(pending.stateHash()),
                        () -> store.take(pending.stateHash()));
                List<Optional<PendingSignIn>> taken = pool.invokeAll(takers).stream().map(UserSessionsStoreTest::get)
                        .toList();
                assertThat(taken.stream().filter(Optional::isPresent)).hasSize(1);
                assertThat(taken.stream().flatMap(Optional::stream).findFirst()).contains(pending);
            } finally {
                pool.shutdownNow();
            }
            store.insert(new PendingSignIn("c".repeat(64), "b".repeat(64), "corp", "v1.k.sealed", "/", T0,
                    T0.plusSeconds(600)));
            assertThat(store.purge(T0.plusSeconds(601).toEpochMilli())).isEqualTo(1);
            String longest = "/" + "a".repeat(ContinuePath.MAX_LENGTH - 1);
            store.insert(new PendingSignIn("d".repeat(64), "b".repeat(64), "corp", "v1.k.sealed", longest, T0,
                    T0.plusSeconds(600)));
            assertThat(store.take("d".repeat(64))).hasValueSatisfying(p -> assertThat(p.continueTo()).isEqualTo(longest));
            assertThat(store.take("c".repeat(64))).isEmpty();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
