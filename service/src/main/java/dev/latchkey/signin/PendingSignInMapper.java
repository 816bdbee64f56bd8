package dev.latchkey.signin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code pending_sign_ins} row. */
public final class PendingSignInMapper implements RowMapper<PendingSignIn> {

    @Override
    public PendingSignIn map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingSignIn(rs.getString("state_hash"), rs.getString("browser_hash"), rs.getString("provider"),
                rs.getString("secrets_sealed"), rs.getString("continue_to"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
