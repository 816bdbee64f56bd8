package dev.latchkey.gateway.servers;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code upstream_servers} row. */
public final class UpstreamServerMapper implements RowMapper<UpstreamServer> {

    @Override
    public UpstreamServer map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UpstreamServer(rs.getString("id"), rs.getString("tenant"), rs.getString("name"),
                rs.getString("url"), rs.getString("slug"), rs.getLong("created_at"));
    }
}
