package dev.latchkey.issuer;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code oauth_codes} row. */
public final class IssuedCodeMapper implements RowMapper<IssuedCode> {

    @Override
    public IssuedCode map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new IssuedCode(rs.getString("code_hash"), rs.getString("client_id"), rs.getString("redirect_uri"),
                rs.getString("resource"), McpClientMapper.words(rs.getString("scopes")),
                rs.getString("code_challenge"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("session_id"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                Columns.optionalLong(rs, "used_at").map(Instant::ofEpochMilli),
                Optional.ofNullable(rs.getString("grant_id")));
    }
}
