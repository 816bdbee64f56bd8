package dev.latchkey.gateway.session;

import dev.latchkey.testing.MutableClock;
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

/** Gateway sessions over the real tables, on H2 and PostgreSQL. */
class GatewaySessionsTest {

    private static final SessionOwner OWNER = new SessionOwner("acme", "x", "gwt_1", "srv_1");
    private static final String PARAMS = "{\"capabilities\":{\"elicitation\":{\"url\":{}}}}";

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSessionIsFoundOnlyWithItsWholeOwner(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            GatewaySessions sessions = new GatewaySessions(store.jdbi(), new MutableClock(Instant.now()),
                    Duration.ofHours(1));
            GatewaySession session = sessions.open(OWNER, "2025-11-25", true, PARAMS, Optional.empty());

            assertThat(session.id()).matches("mcs_[a-z2-7]{42}");
            assertThat(session.upstreamReady()).isFalse();
            assertThat(session.initializeParams()).isEqualTo(PARAMS);
            assertThat(sessions.find(session.id(), OWNER)).contains(session);
            assertThat(sessions.find(session.id(), new SessionOwner("globex", "x", "gwt_1", "srv_1"))).isEmpty();
            assertThat(sessions.find(session.id(), new SessionOwner("acme", "y", "gwt_1", "srv_1"))).isEmpty();
            assertThat(sessions.find(session.id(), new SessionOwner("acme", "x", "gwt_2", "srv_1"))).isEmpty();
            assertThat(sessions.find(session.id(), new SessionOwner("acme", "x", "gwt_1", "srv_2"))).isEmpty();
            assertThat(sessions.find("mcs_guessed", OWNER)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theFirstUpstreamSessionRecordedWinsAndALostOneIsForgotten(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            GatewaySessions sessions = new GatewaySessions(store.jdbi(), new MutableClock(Instant.now()),
                    Duration.ofHours(1));
            GatewaySession session = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.empty());

            assertThat(sessions.upstreamOpened(session, Optional.of("up-1"), Optional.of("2025-06-18"))).isTrue();
            assertThat(sessions.upstreamOpened(session, Optional.of("up-2"), Optional.of("2025-06-18"))).isFalse();
            GatewaySession ready = sessions.find(session.id(), OWNER).orElseThrow();
            assertThat(ready.upstreamReady()).isTrue();
            assertThat(ready.upstreamSessionId()).contains("up-1");
            assertThat(ready.upstreamProtocolVersion()).contains("2025-06-18");
            assertThat(ready.toString()).doesNotContain("up-1");

            sessions.upstreamLost(ready);
            GatewaySession lost = sessions.find(session.id(), OWNER).orElseThrow();
            assertThat(lost.upstreamReady()).isFalse();
            assertThat(lost.upstreamSessionId()).isEmpty();

            // A stateless upstream: ready without an id of its own.
            GatewaySession stateless = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.of(Optional.empty()));
            assertThat(stateless.upstreamReady()).isTrue();
            assertThat(stateless.upstreamSessionId()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void authorizationsAreAskedOnceAndAnnouncedOnce(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            GatewaySessions sessions = new GatewaySessions(store.jdbi(), new MutableClock(Instant.now()),
                    Duration.ofHours(1));
            GatewaySession a = sessions.open(OWNER, "2025-11-25", true, "{}", Optional.empty());
            GatewaySession b = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.empty());
            SessionAuthorization askedA = new SessionAuthorization(a.id(), "flw_1", SessionAuthorization.Kind.URL_ELICITATION);
            sessions.asked(askedA);
            sessions.asked(askedA);
            sessions.asked(new SessionAuthorization(b.id(), "flw_1", SessionAuthorization.Kind.NOTICE));
            sessions.asked(new SessionAuthorization("mcs_nosuchsession", "flw_1", SessionAuthorization.Kind.NOTICE));

            assertThat(sessions.unannounced(List.of(a.id()))).containsExactly(askedA);
            assertThat(sessions.unannounced(List.of(a.id(), b.id()))).hasSize(2);
            assertThat(sessions.unannounced(List.of())).isEmpty();
            sessions.announced(askedA);
            assertThat(sessions.unannounced(List.of(a.id(), b.id())))
                    .extracting(SessionAuthorization::sessionId).containsExactly(b.id());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAuthorizationAskedLongerAgoThanItsWindowIsNoLongerAnnounced(TestDatabases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
            GatewaySessions sessions = new GatewaySessions(store.jdbi(), clock, Duration.ofDays(2));
            GatewaySession session = sessions.open(OWNER, "2025-11-25", true, "{}", Optional.empty());
            sessions.asked(new SessionAuthorization(session.id(), "flw_1", SessionAuthorization.Kind.URL_ELICITATION));

            clock.advance(GatewaySessions.ANNOUNCE_WINDOW.minusMinutes(1));
            assertThat(sessions.unannounced(List.of(session.id()))).hasSize(1);
            clock.advance(Duration.ofMinutes(2));
            assertThat(sessions.unannounced(List.of(session.id()))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void endedAndIdleSessionsAreGoneAndIdleOnesPurged(TestDatabases.Kind kind, @TempDir Path dir) throws Exception {
        try (StoreFixture store = StoreFixture.open(kind, dir)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
            GatewaySessions sessions = new GatewaySessions(store.jdbi(), clock, Duration.ofHours(1));
            GatewaySession ended = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.empty());
            GatewaySession idle = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.empty());
            GatewaySession busy = sessions.open(OWNER, "2025-11-25", false, "{}", Optional.empty());
            sessions.asked(new SessionAuthorization(idle.id(), "flw_1", SessionAuthorization.Kind.NOTICE));

            assertThat(sessions.end(ended)).isTrue();
            assertThat(sessions.end(ended)).isFalse();
            assertThat(sessions.find(ended.id(), OWNER)).isEmpty();

            clock.advance(Duration.ofMinutes(40));
            assertThat(sessions.find(busy.id(), OWNER)).as("a request counts as use").isPresent();
            clock.advance(Duration.ofMinutes(30));
            assertThat(sessions.find(idle.id(), OWNER)).as("idle past the timeout").isEmpty();
            assertThat(sessions.find(busy.id(), OWNER)).isPresent();

            assertThat(sessions.purgeIdle()).isEqualTo(2);
            assertThat(sessions.unannounced(List.of(idle.id()))).isEmpty();
            assertThat(sessions.find(busy.id(), OWNER)).isPresent();
        }
    }
}
