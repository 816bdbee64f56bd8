package dev.latchkey.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps a {@code webhooks} row. */
public final class WebhookMapper implements RowMapper<Webhook> {

    @Override
    public Webhook map(ResultSet rs, StatementContext ctx) throws SQLException {
        long until = rs.getLong("previous_secret_until");
        Optional<Long> previousUntil = rs.wasNull() ? Optional.empty() : Optional.of(until);
        return new Webhook(rs.getString("id"), rs.getString("tenant"), rs.getString("url"),
                types(rs.getString("event_types")), rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("disabled_reason")), rs.getString("secret_sealed"),
                Optional.ofNullable(rs.getString("previous_secret_sealed")), previousUntil,
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static List<String> types(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.trim().split(" +"));
    }

    static String stored(List<String> types) {
        return types.isEmpty() ? null : String.join(" ", types);
    }
}
