package dev.latchkey.issuer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code oauth_consents} row. */
public final class ConsentMapper implements RowMapper<Consent> {

    @Override
    public Consent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Consent(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("client_id"), rs.getString("resource"), McpClientMapper.words(rs.getString("scopes")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
