package dev.latchkey.gateway.tokens;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code gateway_tokens} aggregate. Revoked tokens are kept (they are history) and listed as revoked. */
@RegisterRowMapper(GatewayTokenMapper.class)
public interface GatewayTokenDao {

    GatewayTokenMapper MAPPER = new GatewayTokenMapper();

    @SqlUpdate("""
            INSERT INTO gateway_tokens (id, prefix, token_hash, tenant, subject, name, servers, expires_at, created_at)
            VALUES (:id, :prefix, :hash, :tenant, :subject, :name, :servers, :expiresAt, :createdAt)""")
    void insert(@Bind("id") String id, @Bind("prefix") String prefix, @Bind("hash") String hash,
                @Bind("tenant") String tenant, @Bind("subject") String subject, @Bind("name") String name,
                @Bind("servers") String servers, @Bind("expiresAt") Long expiresAt, @Bind("createdAt") long createdAt);

    /**
     * The token with this prefix. A plain query rather than an attached method: it runs on every
     * gateway request, and attaching a SQL object costs more than the query.
     */
    static Optional<GatewayToken> findByPrefix(Handle handle, String prefix) {
        return handle.createQuery("SELECT * FROM gateway_tokens WHERE prefix = :prefix")
                .bind("prefix", prefix)
                .map(MAPPER)
                .findOne();
    }

    @SqlQuery("SELECT * FROM gateway_tokens WHERE id = :id AND tenant = :tenant")
    Optional<GatewayToken> find(@Bind("tenant") String tenant, @Bind("id") String id);

    @SqlQuery("SELECT * FROM gateway_tokens WHERE id = :id")
    Optional<GatewayToken> findAnyTenant(@Bind("id") String id);

    /** One tenant's page, newest first; {@code created_at <= :at} lets the index scan start at the cursor. */
    @SqlQuery("""
            SELECT * FROM gateway_tokens
            WHERE tenant = :tenant
              AND created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:subject IS NULL OR subject = :subject)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<GatewayToken> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("cursorId") String cursorId,
                            @Bind("subject") String subject, @Bind("limit") int limit);

    /** A page across tenants, for operators. */
    @SqlQuery("""
            SELECT * FROM gateway_tokens
            WHERE created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:tenant IS NULL OR tenant = :tenant)
              AND (:subject IS NULL OR subject = :subject)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<GatewayToken> pageAllTenants(@Bind("tenant") String tenant, @Bind("subject") String subject,
                                      @Bind("at") long at, @Bind("cursorId") String cursorId,
                                      @Bind("limit") int limit);

    @SqlUpdate("UPDATE gateway_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    int revoke(@Bind("id") String id, @Bind("now") long now);

    /** Records a use, unless one was recorded after {@code since}: at most one write per token per interval. */
    static int touch(Handle handle, String id, long now, long since) {
        return handle.createUpdate("UPDATE gateway_tokens SET last_used_at = :now "
                        + "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :since)")
                .bind("id", id).bind("now", now).bind("since", since)
                .execute();
    }
}
