package dev.latchkey.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a flows row as the console shows it ({@link FlowRow#COLUMNS}). */
final class FlowRowMapper implements RowMapper<FlowRow> {

    @Override
    public FlowRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FlowRow(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("server_id"), rs.getString("server_slug"), rs.getString("server_url"),
                rs.getString("issuer"), rs.getString("client_ref"), rs.getString("scopes"), rs.getString("status"),
                rs.getString("error_code"), rs.getString("error_description"), rs.getString("connection_id"),
                rs.getLong("created_at"), rs.getLong("expires_at"), nullableLong(rs, "opened_at"),
                nullableLong(rs, "state_consumed_at"), nullableLong(rs, "completed_at"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
