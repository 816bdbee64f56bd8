package dev.latchkey.issuer;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMappers;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The grant aggregate: {@code oauth_grants} with its codes and refresh tokens. */
@RegisterRowMappers({@RegisterRowMapper(GrantMapper.class), @RegisterRowMapper(IssuedCodeMapper.class)})
public interface GrantDao {

    GrantMapper MAPPER = new GrantMapper();

    @SqlUpdate("""
            INSERT INTO oauth_codes (code_hash, client_id, redirect_uri, resource, scopes, code_challenge, tenant,
                                     subject, session_id, created_at, expires_at)
            VALUES (:codeHash, :clientId, :redirectUri, :resource, :scopes, :codeChallenge, :tenant, :subject,
                    :sessionId, :createdAt, :expiresAt)""")
    void insertCode(@Bind("codeHash") String codeHash, @Bind("clientId") String clientId,
                    @Bind("redirectUri") String redirectUri, @Bind("resource") String resource,
                    @Bind("scopes") String scopes, @Bind("codeChallenge") String codeChallenge,
                    @Bind("tenant") String tenant, @Bind("subject") String subject,
                    @Bind("sessionId") String sessionId, @Bind("createdAt") long createdAt,
                    @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT * FROM oauth_codes WHERE code_hash = :codeHash")
    Optional<IssuedCode> findCode(@Bind("codeHash") String codeHash);

    /** Marks a code used for {@code grantId}; 0 when it was used already (a race with another redemption). */
    @SqlUpdate("""
            UPDATE oauth_codes SET used_at = :now, grant_id = :grantId
            WHERE code_hash = :codeHash AND used_at IS NULL""")
    int useCode(@Bind("codeHash") String codeHash, @Bind("grantId") String grantId, @Bind("now") long now);

    @SqlUpdate("DELETE FROM oauth_codes WHERE expires_at < :before")
    int purgeCodes(@Bind("before") long before);

    /** Refresh tokens of grants that ended before {@code before}: nothing can be refreshed or detected with them. */
    @SqlUpdate("""
            DELETE FROM oauth_refresh_tokens WHERE grant_id IN (
                SELECT id FROM oauth_grants WHERE expires_at < :before OR revoked_at < :before)""")
    int purgeRefreshTokens(@Bind("before") long before);

    @SqlUpdate("""
            INSERT INTO oauth_grants (id, tenant, subject, client_id, resource, scopes, session_id, created_at,
                                      expires_at, last_used_at)
            VALUES (:id, :tenant, :subject, :clientId, :resource, :scopes, :sessionId, :createdAt, :expiresAt,
                    :createdAt)""")
    void insertGrant(@Bind("id") String id, @Bind("tenant") String tenant, @Bind("subject") String subject,
                     @Bind("clientId") String clientId, @Bind("resource") String resource,
                     @Bind("scopes") String scopes, @Bind("sessionId") String sessionId,
                     @Bind("createdAt") long createdAt, @Bind("expiresAt") long expiresAt);

    /** One read by primary key: it runs on every gateway request that carries an access token. */
    static Optional<Grant> findGrant(Handle handle, String id) {
        return handle.createQuery("SELECT * FROM oauth_grants WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    @SqlUpdate("""
            UPDATE oauth_grants SET revoked_at = :now, revoked_why = :why
            WHERE id = :id AND revoked_at IS NULL""")
    int revokeGrant(@Bind("id") String id, @Bind("now") long now, @Bind("why") String why);

    @SqlUpdate("""
            UPDATE oauth_grants SET revoked_at = :now, revoked_why = :why
            WHERE tenant = :tenant AND subject = :subject AND client_id = :clientId AND revoked_at IS NULL""")
    int revokeGrantsOf(@Bind("tenant") String tenant, @Bind("subject") String subject,
                       @Bind("clientId") String clientId, @Bind("now") long now, @Bind("why") String why);

    @SqlUpdate("UPDATE oauth_grants SET last_used_at = :now WHERE id = :id")
    int touchGrant(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate("INSERT INTO oauth_refresh_tokens (token_hash, grant_id, created_at) VALUES (:hash, :grantId, :now)")
    void insertRefreshToken(@Bind("hash") String hash, @Bind("grantId") String grantId, @Bind("now") long now);

    @SqlQuery("SELECT grant_id FROM oauth_refresh_tokens WHERE token_hash = :hash")
    Optional<String> grantOfRefreshToken(@Bind("hash") String hash);

    /** Marks a refresh token used; 0 when it was used already (reuse, or a concurrent refresh). */
    @SqlUpdate("UPDATE oauth_refresh_tokens SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
    int useRefreshToken(@Bind("hash") String hash, @Bind("now") long now);

    /** A user's grants (tenant and subject), newest first. */
    @SqlQuery("""
            SELECT * FROM oauth_grants
            WHERE tenant = :tenant AND subject = :subject
              AND created_at <= :at AND (created_at < :at OR id < :cursorId)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Grant> pageOfUser(@Bind("tenant") String tenant, @Bind("subject") String subject, @Bind("at") long at,
                           @Bind("cursorId") String cursorId, @Bind("limit") int limit);

    /** Every grant, or one tenant's, newest first, for operators. */
    @SqlQuery("""
            SELECT * FROM oauth_grants
            WHERE created_at <= :at AND (created_at < :at OR id < :cursorId)
              AND (:tenant IS NULL OR tenant = :tenant)
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""")
    List<Grant> page(@Bind("tenant") String tenant, @Bind("at") long at, @Bind("cursorId") String cursorId,
                     @Bind("limit") int limit);
}
