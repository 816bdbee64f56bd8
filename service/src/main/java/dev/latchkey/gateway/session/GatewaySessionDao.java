package dev.latchkey.gateway.session;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code gateway_sessions} aggregate: a session and the authorizations its client was asked for
 * ({@code gateway_session_authorizations}), which live and die with it.
 */
@RegisterRowMapper(GatewaySessionMapper.class)
public interface GatewaySessionDao {

    @SqlUpdate("""
            INSERT INTO gateway_sessions (id, tenant, subject, token_id, server_id, protocol_version, url_elicitation,
                initialize_params, upstream_ready, upstream_session_id, upstream_protocol_version, created_at,
                last_used_at)
            VALUES (:id, :tenant, :subject, :tokenId, :serverId, :protocolVersion, :urlElicitation,
                :initializeParams, :upstreamReady, :upstreamSessionId, NULL, :now, :now)""")
    void insert(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("subject") String subject,
                @Bind("tokenId") String tokenId, @Bind("serverId") String serverId,
                @Bind("protocolVersion") String protocolVersion, @Bind("urlElicitation") boolean urlElicitation,
                @Bind("initializeParams") String initializeParams, @Bind("upstreamReady") boolean upstreamReady,
                @Bind("upstreamSessionId") String upstreamSessionId, @Bind("now") long now);

    GatewaySessionMapper MAPPER = new GatewaySessionMapper();

    /**
     * The session, only for the token and server it was opened with. A plain query rather than an
     * attached method: it runs on every request in a session, and attaching costs more than the query.
     */
    static Optional<GatewaySession> find(Handle handle, String id, String tenant, String tokenId, String serverId) {
        return handle.createQuery("""
                        SELECT * FROM gateway_sessions
                        WHERE id = :id AND tenant = :tenant AND token_id = :tokenId AND server_id = :serverId""")
                .bind("id", id)
                .bind("tenant", tenant)
                .bind("tokenId", tokenId)
                .bind("serverId", serverId)
                .map(MAPPER)
                .findOne();
    }

    /** Records the upstream session, unless another request of the same session did so first. */
    @SqlUpdate("""
            UPDATE gateway_sessions
            SET upstream_ready = TRUE, upstream_session_id = :upstreamSessionId,
                upstream_protocol_version = :upstreamProtocolVersion
            WHERE id = :id AND upstream_ready = FALSE""")
    int upstreamOpened(@Bind("id") String id, @Bind("upstreamSessionId") String upstreamSessionId,
                       @Bind("upstreamProtocolVersion") String upstreamProtocolVersion);

    /** Forgets the upstream session (it ended upstream); the next request opens a new one. */
    @SqlUpdate("""
            UPDATE gateway_sessions SET upstream_ready = FALSE, upstream_session_id = NULL,
                upstream_protocol_version = NULL
            WHERE id = :id AND upstream_ready = TRUE
              AND COALESCE(upstream_session_id, '') = COALESCE(:upstreamSessionId, '')""")
    int upstreamLost(@Bind("id") String id, @Bind("upstreamSessionId") String upstreamSessionId);

    @SqlUpdate("UPDATE gateway_sessions SET last_used_at = :now WHERE id = :id AND last_used_at < :since")
    int touch(@Bind("id") String id, @Bind("now") long now, @Bind("since") long since);

    @SqlUpdate("UPDATE gateway_sessions SET ended_at = :now WHERE id = :id AND ended_at IS NULL")
    int end(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate("""
            INSERT INTO gateway_session_authorizations (session_id, flow_id, kind, created_at)
            SELECT :sessionId, :flowId, :kind, :now FROM gateway_sessions s
            WHERE s.id = :sessionId AND NOT EXISTS (SELECT 1 FROM gateway_session_authorizations a
                WHERE a.session_id = :sessionId AND a.flow_id = :flowId)""")
    int asked(@Bind("sessionId") String sessionId, @Bind("flowId") String flowId, @Bind("kind") String kind,
              @Bind("now") long now);

    /**
     * The authorizations asked since {@code since} that have not been announced yet: few (a flow lives
     * minutes), so the streams of one instance are matched against them in memory.
     */
    @SqlQuery("""
            SELECT session_id, flow_id, kind FROM gateway_session_authorizations
            WHERE announced_at IS NULL AND created_at > :since""")
    @RegisterConstructorMapper(SessionAuthorization.class)
    List<SessionAuthorization> unannouncedSince(@Bind("since") long since);

    @SqlUpdate("""
            UPDATE gateway_session_authorizations SET announced_at = :now
            WHERE session_id = :sessionId AND flow_id = :flowId""")
    int announced(@Bind("sessionId") String sessionId, @Bind("flowId") String flowId, @Bind("now") long now);

    @SqlUpdate("""
            DELETE FROM gateway_session_authorizations WHERE session_id IN (
                SELECT id FROM gateway_sessions WHERE last_used_at < :before)""")
    int purgeAuthorizations(@Bind("before") long before);

    @SqlUpdate("DELETE FROM gateway_sessions WHERE last_used_at < :before")
    int purge(@Bind("before") long before);
}
