package dev.latchkey.flow.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads one flows row. */
public final class FlowMapper implements RowMapper<Flow> {

    @Override
    public Flow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Flow(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"), rs.getString("server_id"),
                rs.getString("server_slug"), rs.getString("server_url"), rs.getString("resource"),
                publishedResource(rs),
                text(rs, "issuer"), text(rs, "client_ref"), scopes(rs.getString("scopes")),
                FlowStatus.fromCode(rs.getString("status")), text(rs, "context_json"), rs.getString("link_id"),
                text(rs, "browser_binding"), text(rs, "authorize_base_url"), rs.getBoolean("iss_required"),
                text(rs, "authorize_url_sealed"), text(rs, "step_up_of"),
                text(rs, "connection_id"), text(rs, "error_code"), text(rs, "error_description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                instant(rs, "opened_at"), instant(rs, "state_consumed_at"), instant(rs, "completed_at"));
    }

    static List<String> scopes(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.trim().split(" "));
    }

    static Optional<String> text(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    /** Written before the column existed (or by an older instance): the canonical resource, as it was sent then. */
    private static String publishedResource(ResultSet rs) throws SQLException {
        String published = rs.getString("published_resource");
        return published != null ? published : rs.getString("resource");
    }
}
