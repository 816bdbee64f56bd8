package dev.latchkey.gateway.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code gateway_sessions} row. */
public final class GatewaySessionMapper implements RowMapper<GatewaySession> {

    @Override
    public GatewaySession map(ResultSet rs, StatementContext ctx) throws SQLException {
        long ended = rs.getLong("ended_at");
        Optional<Long> endedAt = rs.wasNull() ? Optional.empty() : Optional.of(ended);
        return new GatewaySession(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("token_id"), rs.getString("server_id"), rs.getString("protocol_version"),
                rs.getBoolean("url_elicitation"), rs.getString("initialize_params"), rs.getBoolean("upstream_ready"),
                Optional.ofNullable(rs.getString("upstream_session_id")),
                Optional.ofNullable(rs.getString("upstream_protocol_version")), rs.getLong("created_at"),
                rs.getLong("last_used_at"), endedAt);
    }
}
