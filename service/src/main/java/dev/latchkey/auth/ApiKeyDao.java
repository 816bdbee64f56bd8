package dev.latchkey.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The api_keys table. */
@RegisterRowMapper(ApiKeyDao.Mapper.class)
public interface ApiKeyDao {

    @SqlUpdate("""
            INSERT INTO api_keys (id, prefix, key_hash, tenant, name, created_at)
            VALUES (:id, :prefix, :hash, :tenant, :name, :createdAt)""")
    void insert(@Bind("id") String id, @Bind("prefix") String prefix, @Bind("hash") String hash,
                @Bind("tenant") String tenant, @Bind("name") String name, @Bind("createdAt") long createdAt);

    Mapper MAPPER = new Mapper();

    /**
     * The key with this prefix. A plain query rather than an attached method: it runs on every API
     * request, and attaching a SQL object (its handlers, its row mapper) costs more than the query.
     */
    static Optional<ApiKey> findByPrefix(Jdbi jdbi, String prefix) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_keys WHERE prefix = :prefix")
                .bind("prefix", prefix)
                .map(MAPPER)
                .findOne());
    }

    @SqlQuery("SELECT * FROM api_keys WHERE (:tenant IS NULL OR tenant = :tenant) ORDER BY tenant, created_at")
    List<ApiKey> list(@Bind("tenant") String tenant);

    @SqlQuery("SELECT COUNT(*) FROM (SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1) live")
    int anyLive();

    @SqlUpdate("UPDATE api_keys SET revoked_at = :at WHERE prefix = :prefix AND revoked_at IS NULL")
    int revoke(@Bind("prefix") String prefix, @Bind("at") long at);

    /** Reads one row. */
    final class Mapper implements RowMapper<ApiKey> {
        @Override
        public ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
            long revoked = rs.getLong("revoked_at");
            Optional<Instant> revokedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
            return new ApiKey(rs.getString("id"), rs.getString("prefix"), rs.getString("key_hash"),
                    rs.getString("tenant"), Optional.ofNullable(rs.getString("name")),
                    Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
        }
    }
}
