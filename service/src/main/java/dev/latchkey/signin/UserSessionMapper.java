package dev.latchkey.signin;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code user_sessions} row. */
public final class UserSessionMapper implements RowMapper<UserSession> {

    @Override
    public UserSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UserSession(rs.getString("id"), rs.getString("secret_hash"), rs.getString("tenant"),
                rs.getString("provider"), rs.getString("subject"), rs.getString("display_name"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                Columns.optionalLong(rs, "ended_at").map(Instant::ofEpochMilli),
                Instant.ofEpochMilli(rs.getLong("last_seen_at")));
    }
}
