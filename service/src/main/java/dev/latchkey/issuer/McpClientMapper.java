package dev.latchkey.issuer;

import dev.latchkey.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps an {@code oauth_clients} row. */
public final class McpClientMapper implements RowMapper<McpClient> {

    @Override
    public McpClient map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new McpClient(rs.getString("client_id"), McpClient.Kind.fromCode(rs.getString("kind")),
                Optional.ofNullable(rs.getString("client_name")), words(rs.getString("redirect_uris")),
                McpClient.AuthMethod.fromCode(rs.getString("auth_method")).orElse(McpClient.AuthMethod.NONE),
                words(rs.getString("grant_types")), Optional.ofNullable(rs.getString("secret_hash")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("last_seen_at")),
                Columns.optionalLong(rs, "fresh_until").map(Instant::ofEpochMilli));
    }

    static List<String> words(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.trim().split(" +"));
    }

    static String stored(List<String> words) {
        return String.join(" ", words);
    }
}
