package dev.latchkey.connection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads one connections row. */
public final class ConnectionMapper implements RowMapper<Connection> {

    @Override
    public Connection map(ResultSet rs, StatementContext ctx) throws SQLException {
        String scopes = rs.getString("scopes");
        return new Connection(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("server_id"), rs.getString("server_slug"), rs.getString("server_url"),
                rs.getString("resource"), publishedResource(rs), rs.getString("issuer"), rs.getString("client_ref"),
                ConnectionStatus.fromCode(rs.getString("status")),
                scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")),
                Optional.ofNullable(rs.getString("tokens_sealed")), instant(rs, "access_expires_at"),
                rs.getBoolean("has_refresh_token"), instant(rs, "last_refresh_at"), rs.getInt("refresh_failures"),
                Optional.ofNullable(rs.getString("last_error")), instant(rs, "next_refresh_after"),
                instant(rs, "refresh_lease_until"), rs.getLong("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                Optional.ofNullable(rs.getString("dpop_jkt")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    /** Written before the column existed (or by an older instance): the canonical resource, as it was sent then. */
    private static String publishedResource(ResultSet rs) throws SQLException {
        String published = rs.getString("published_resource");
        return published != null ? published : rs.getString("resource");
    }
}
