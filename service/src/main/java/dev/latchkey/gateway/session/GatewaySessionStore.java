package dev.latchkey.gateway.session;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The way to the {@code gateway_sessions} aggregate. */
final class GatewaySessionStore {

    static final List<Class<?>> SQL_OBJECTS = List.of(GatewaySessionDao.class);

    private final Jdbi jdbi;

    GatewaySessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    GatewaySession insert(GatewaySession session) {
        return jdbi.withHandle(handle -> {
            handle.attach(GatewaySessionDao.class).insert(session.id(), session.tenant(), session.subject(),
                    session.tokenId(), session.serverId(), session.protocolVersion(), session.urlElicitation(),
                    session.initializeParams(), session.upstreamReady(), session.upstreamSessionId().orElse(null),
                    session.createdAt());
            return GatewaySessionDao.find(handle, session.id(), session.tenant(), session.tokenId(), session.serverId())
                    .orElseThrow();
        });
    }

    Optional<GatewaySession> find(String id, String tenant, String tokenId, String serverId) {
        return jdbi.withHandle(handle -> GatewaySessionDao.find(handle, id, tenant, tokenId, serverId));
    }

    boolean upstreamOpened(String id, Optional<String> upstreamSessionId, Optional<String> upstreamProtocolVersion) {
        return jdbi.withExtension(GatewaySessionDao.class, dao -> dao.upstreamOpened(id,
                upstreamSessionId.orElse(null), upstreamProtocolVersion.orElse(null))) == 1;
    }

    void upstreamLost(String id, Optional<String> upstreamSessionId) {
        jdbi.useExtension(GatewaySessionDao.class, dao -> dao.upstreamLost(id, upstreamSessionId.orElse(null)));
    }

    void touch(String id, long now, long since) {
        jdbi.useExtension(GatewaySessionDao.class, dao -> dao.touch(id, now, since));
    }

    boolean end(String id, long now) {
        return jdbi.withExtension(GatewaySessionDao.class, dao -> dao.end(id, now)) == 1;
    }

    void asked(SessionAuthorization authorization, long now) {
        jdbi.useExtension(GatewaySessionDao.class, dao -> dao.asked(authorization.sessionId(),
                authorization.flowId(), authorization.kind().name(), now));
    }

    List<SessionAuthorization> unannouncedSince(long since) {
        return jdbi.withExtension(GatewaySessionDao.class, dao -> dao.unannouncedSince(since));
    }

    void announced(SessionAuthorization authorization, long now) {
        jdbi.useExtension(GatewaySessionDao.class, dao -> dao.announced(authorization.sessionId(),
                authorization.flowId(), now));
    }

    /** Deletes the sessions idle since before {@code before}, with their authorizations. */
    int purge(long before) {
        return jdbi.inTransaction(h -> {
            GatewaySessionDao dao = h.attach(GatewaySessionDao.class);
            dao.purgeAuthorizations(before);
            return dao.purge(before);
        });
    }
}
