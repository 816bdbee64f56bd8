package dev.latchkey.issuer;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code oauth_grants} row. */
public final class GrantMapper implements RowMapper<Grant> {

    @Override
    public Grant map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Grant(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("client_id"), rs.getString("resource"), McpClientMapper.words(rs.getString("scopes")),
                rs.getString("session_id"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), Instant.ofEpochMilli(rs.getLong("last_used_at")),
                Columns.optionalLong(rs, "revoked_at").map(Instant::ofEpochMilli),
                Optional.ofNullable(rs.getString("revoked_why")));
    }
}
