package dev.latchkey.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The gateway's MCP sessions: opened at the client's initialize, found by id only together with their
 * owner, ended by the client's DELETE or after {@code idleTimeout} without a request. Kept in the database,
 * so that any instance serves any session.
 */
public final class GatewaySessions {

    public static final List<Class<?>> SQL_OBJECTS = GatewaySessionStore.SQL_OBJECTS;
    /** last_used_at is written at most this often per session: a request is a read, not a write. */
    private static final long TOUCH_EVERY_MILLIS = 60_000;
    /** 160 random bits: the id is the client's only handle on the session. */
    private static final int ID_RANDOM_CHARS = 32;
    /**
     * How long an authorization asked in a session may wait to be announced: a flow's link lives minutes
     * ({@code flows.stateTtl}); after this the client learns of the outcome when it asks again.
     */
    static final Duration ANNOUNCE_WINDOW = Duration.ofHours(1);

    private final GatewaySessionStore store;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Cache<String, GatewaySession> recent = Caffeine.newBuilder().expireAfterWrite(RECENT_TTL)
            .maximumSize(100_000).build();

    /** How long a change made to a session on another instance may go unseen here. */
    static final Duration RECENT_TTL = Duration.ofSeconds(2);

    public GatewaySessions(Jdbi jdbi, Clock clock, Duration idleTimeout) {
        this.store = new GatewaySessionStore(jdbi);
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /**
     * A new session for the client's initialize request. {@code upstream} is the upstream server's
     * session when the initialize went upstream at once (empty id: a stateless server); empty when
     * the gateway answered it and opens the upstream session later.
     */
    public GatewaySession open(SessionOwner owner, String protocolVersion, boolean urlElicitation,
                               String initializeParams, Optional<Optional<String>> upstream) {
        long now = clock.millis();
        return store.insert(new GatewaySession("mcs_" + Ids.secretLink(ID_RANDOM_CHARS), owner.tenant(),
                owner.subject(), owner.tokenId(), owner.serverId(), protocolVersion, urlElicitation,
                initializeParams, upstream.isPresent(), upstream.flatMap(id -> id), Optional.empty(), now, now,
                Optional.empty()));
    }

    /**
     * The owner's live session with this id: not ended, not idle for longer than the timeout. Read from
     * a short-lived copy when there is one (every request of a session looks it up): a change made here
     * replaces the copy at once; one made on another instance is seen here within {@link #RECENT_TTL}.
     */
    public Optional<GatewaySession> find(String id, SessionOwner owner) {
        GatewaySession known = recent.getIfPresent(id);
        if (known != null && known.lastUsedAt() >= clock.millis() - TOUCH_EVERY_MILLIS) {
            return live(Optional.of(known), owner);
        }
        return findFresh(id, owner);
    }

    /** As {@link #find}, always from the database (before the gateway changes the session upstream). */
    public Optional<GatewaySession> findFresh(String id, SessionOwner owner) {
        long now = clock.millis();
        Optional<GatewaySession> stored = store.find(id, owner.tenant(), owner.tokenId(), owner.serverId());
        Optional<GatewaySession> live = live(stored, owner);
        live.filter(session -> session.lastUsedAt() < now - TOUCH_EVERY_MILLIS)
                .ifPresent(session -> store.touch(session.id(), now, now - TOUCH_EVERY_MILLIS));
        stored.ifPresentOrElse(session -> recent.put(id, live.isPresent() && session.lastUsedAt() < now - TOUCH_EVERY_MILLIS
                ? session.usedAt(now) : session), () -> recent.invalidate(id));
        return live;
    }

    private Optional<GatewaySession> live(Optional<GatewaySession> session, SessionOwner owner) {
        long now = clock.millis();
        return session.filter(s -> s.tenant().equals(owner.tenant()) && s.tokenId().equals(owner.tokenId())
                        && s.serverId().equals(owner.serverId()) && s.subject().equals(owner.subject()))
                .filter(s -> s.endedAt().isEmpty())
                .filter(s -> s.lastUsedAt() > now - idleTimeout.toMillis());
    }

    /**
     * Records the upstream session the gateway opened for {@code session}; false when another request
     * of the same session recorded one first (the caller then uses that one).
     */
    public boolean upstreamOpened(GatewaySession session, Optional<String> upstreamSessionId,
                                  Optional<String> upstreamProtocolVersion) {
        boolean opened = store.upstreamOpened(session.id(), upstreamSessionId, upstreamProtocolVersion);
        recent.invalidate(session.id());
        return opened;
    }

    /** The upstream server no longer knows the session's upstream session: the next request opens another. */
    public void upstreamLost(GatewaySession session) {
        store.upstreamLost(session.id(), session.upstreamSessionId());
        recent.invalidate(session.id());
    }

    public boolean end(GatewaySession session) {
        boolean ended = store.end(session.id(), clock.millis());
        recent.invalidate(session.id());
        return ended;
    }

    /** Remembers that the session's client was asked to authorize through this flow (once per flow). */
    public void asked(SessionAuthorization authorization) {
        store.asked(authorization, clock.millis());
    }

    /**
     * The authorizations asked in these sessions, within the last {@link #ANNOUNCE_WINDOW}, that have not
     * been announced yet. One small query whatever the number of sessions.
     */
    public List<SessionAuthorization> unannounced(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = sessionIds instanceof Set<String> set ? set : Set.copyOf(sessionIds);
        return store.unannouncedSince(clock.millis() - ANNOUNCE_WINDOW.toMillis()).stream()
                .filter(asked -> wanted.contains(asked.sessionId()))
                .toList();
    }

    public void announced(SessionAuthorization authorization) {
        store.announced(authorization, clock.millis());
    }

    /** Deletes sessions idle for longer than the timeout (ended ones too, once as old). */
    public int purgeIdle() {
        return store.purge(clock.millis() - idleTimeout.toMillis());
    }
}
