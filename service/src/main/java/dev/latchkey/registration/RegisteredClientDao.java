package dev.latchkey.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The registered_clients table. A row in status 'registering' is a lease: the unique
 * (issuer, redirect_uri) constraint lets exactly one instance insert it and register.
 */
@RegisterRowMapper(RegisteredClientDao.Mapper.class)
public interface RegisteredClientDao {

    @SqlQuery("SELECT * FROM registered_clients WHERE issuer = :issuer AND redirect_uri = :redirectUri")
    Optional<RegisteredClientRow> find(@Bind("issuer") String issuer, @Bind("redirectUri") String redirectUri);

    @SqlQuery("SELECT * FROM registered_clients WHERE id = :id")
    Optional<RegisteredClientRow> findById(@Bind("id") String id);

    /** Fails with a unique violation when another instance holds the row. */
    @SqlUpdate("""
            INSERT INTO registered_clients (id, issuer, redirect_uri, status, method, lease_until, created_at, updated_at)
            VALUES (:id, :issuer, :redirectUri, 'registering', :method, :leaseUntil, :now, :now)""")
    void insertLease(@Bind("id") String id, @Bind("issuer") String issuer, @Bind("redirectUri") String redirectUri,
                     @Bind("method") String method, @Bind("leaseUntil") long leaseUntil, @Bind("now") long now);

    /** Completes a lease this instance holds; 0 when it was taken away meanwhile. */
    @SqlUpdate("""
            UPDATE registered_clients SET status = 'active', method = :method, client_id = :clientId,
                   client_secret_sealed = :secretSealed, auth_method = :authMethod, secret_expires_at = :expiresAt,
                   lease_until = NULL, updated_at = :now
             WHERE id = :id AND status = 'registering'""")
    int complete(@Bind("id") String id, @Bind("method") String method, @Bind("clientId") String clientId,
                 @Bind("secretSealed") String secretSealed, @Bind("authMethod") String authMethod,
                 @Bind("expiresAt") Long expiresAt, @Bind("now") long now);

    @SqlUpdate("DELETE FROM registered_clients WHERE id = :id")
    int delete(@Bind("id") String id);

    /** Takes over a lease whose holder died; only one caller can win (the lease value must still match). */
    @SqlUpdate("DELETE FROM registered_clients WHERE id = :id AND status = 'registering' AND lease_until = :leaseUntil")
    int deleteStaleLease(@Bind("id") String id, @Bind("leaseUntil") long leaseUntil);

    /** Reads one row. */
    final class Mapper implements RowMapper<RegisteredClientRow> {
        @Override
        public RegisteredClientRow map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new RegisteredClientRow(rs.getString("id"), rs.getString("issuer"), rs.getString("redirect_uri"),
                    rs.getString("status"), rs.getString("method"), Optional.ofNullable(rs.getString("client_id")),
                    Optional.ofNullable(rs.getString("client_secret_sealed")),
                    Optional.ofNullable(rs.getString("auth_method")), optionalLong(rs, "secret_expires_at"),
                    optionalLong(rs, "lease_until"), rs.getLong("created_at"));
        }

        private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
            long value = rs.getLong(column);
            return rs.wasNull() ? Optional.empty() : Optional.of(value);
        }
    }
}
