package dev.latchkey.connection;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The connections aggregate. */
@RegisterRowMapper(ConnectionMapper.class)
public interface ConnectionDao {

    ConnectionMapper MAPPER = new ConnectionMapper();

    /** What an authorization writes: a new connection, or the replacement of the triple's old one. */
    record Authorized(String id, String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                      String resource, String publishedResource, String issuer, String clientRef, String scopes,
                      String tokensSealed, String keyId, Long accessExpiresAt, boolean hasRefreshToken, long now,
                      String dpopJkt) {
    }

    @SqlQuery("SELECT * FROM connections WHERE id = :id")
    Optional<Connection> find(@Bind("id") String id);

    @SqlQuery("SELECT COUNT(*) FROM connections WHERE dpop_jkt = :jkt AND status = 'active'")
    long countActiveBoundTo(@Bind("jkt") String jkt);

    /**
     * A tenant's connection. A plain query rather than an attached method: it runs on every token
     * request, where attaching the DAO costs about as much as the read.
     */
    static Optional<Connection> find(Jdbi jdbi, String tenant, String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM connections WHERE id = :id AND tenant = :tenant")
                .bind("id", id)
                .bind("tenant", tenant)
                .map(MAPPER)
                .findOne());
    }

    @SqlQuery("""
            SELECT * FROM connections
            WHERE tenant = :tenant AND subject = :subject AND resource = :resource AND issuer = :issuer""")
    Optional<Connection> findIdentity(@Bind("tenant") String tenant, @Bind("subject") String subject,
                                      @Bind("resource") String resource, @Bind("issuer") String issuer);

    /**
     * A subject's connections to a resource, newest first. A plain query as {@link #find(Jdbi, String, String)}:
     * every token request through {@code POST /v1/token} and every gateway call reads it.
     */
    static List<Connection> findForResource(Jdbi jdbi, String tenant, String subject, String resource) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM connections WHERE tenant = :tenant AND subject = :subject AND resource = :resource
                        ORDER BY updated_at DESC""")
                .bind("tenant", tenant)
                .bind("subject", subject)
                .bind("resource", resource)
                .map(MAPPER)
                .list());
    }

    @SqlQuery("""
            SELECT * FROM connections WHERE tenant = :tenant AND subject = :subject AND resource = :resource
            ORDER BY updated_at DESC""")
    List<Connection> findForResource(@Bind("tenant") String tenant, @Bind("subject") String subject,
                                     @Bind("resource") String resource);

    @SqlUpdate("""
            INSERT INTO connections (id, tenant, subject, server_id, server_slug, server_url, resource,
                                     published_resource, issuer, client_ref, status, scopes, tokens_sealed, key_id,
                                     access_expires_at, has_refresh_token, refresh_failures, version, created_at,
                                     updated_at, dpop_jkt)
            VALUES (:id, :tenant, :subject, :serverId, :serverSlug, :serverUrl, :resource, :publishedResource,
                    :issuer, :clientRef, 'active', :scopes, :tokensSealed, :keyId, :accessExpiresAt, :hasRefreshToken,
                    0, 1, :now, :now, :dpopJkt)""")
    void insert(@BindMethods Authorized connection);

    /** Replaces the tokens of the triple's existing row (same id), making it active again. */
    @SqlUpdate("""
            UPDATE connections SET server_id = :serverId, server_slug = :serverSlug, server_url = :serverUrl,
                   published_resource = :publishedResource, client_ref = :clientRef, status = 'active',
                   scopes = :scopes, tokens_sealed = :tokensSealed,
                   key_id = :keyId, access_expires_at = :accessExpiresAt, has_refresh_token = :hasRefreshToken,
                   refresh_failures = 0, last_error = NULL, next_refresh_after = NULL, refresh_lease_until = NULL,
                   dpop_jkt = :dpopJkt, version = version + 1, updated_at = :now
            WHERE id = :id""")
    int replace(@BindMethods Authorized connection);

    @SqlUpdate("""
            UPDATE connections SET status = 'revoked', tokens_sealed = NULL, key_id = NULL, access_expires_at = NULL,
                   has_refresh_token = FALSE, last_error = :reason, version = version + 1, updated_at = :now
            WHERE id = :id AND status <> 'revoked'""")
    int revoke(@Bind("id") String id, @Bind("reason") String reason, @Bind("now") long now);

    /** One page, newest first; {@code created_at <= :at} lets the index scan start at the cursor. */
    @SqlQuery("""
            SELECT * FROM connections
            WHERE tenant = :tenant
              AND created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:subject IS NULL OR subject = :subject)
              AND (:resource IS NULL OR resource = :resource)
              AND (:status IS NULL OR status = :status)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Connection> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("cursorId") String cursorId,
                          @Bind("subject") String subject, @Bind("resource") String resource,
                          @Bind("status") String status, @Bind("limit") int limit);
}
