package dev.latchkey.gateway.tokens;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code gateway_tokens} row. */
public final class GatewayTokenMapper implements RowMapper<GatewayToken> {

    @Override
    public GatewayToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new GatewayToken(rs.getString("id"), rs.getString("prefix"), rs.getString("token_hash"),
                rs.getString("tenant"), rs.getString("subject"), Optional.ofNullable(rs.getString("name")),
                servers(rs.getString("servers")), instant(rs, "expires_at"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "revoked_at"),
                instant(rs, "last_used_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Columns.optionalLong(rs, column).map(Instant::ofEpochMilli);
    }

    static List<String> servers(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.trim().split(" +"));
    }

    static String stored(List<String> servers) {
        return servers.isEmpty() ? null : String.join(" ", servers);
    }
}
