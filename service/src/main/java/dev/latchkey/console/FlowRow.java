package dev.latchkey.console;

/** A flow as the console shows it (never its state, verifier or browser binding). Times are epoch millis. */
public record FlowRow(String id, String tenant, String subject, String serverId, String serverSlug, String serverUrl,
                      String issuer, String clientRef, String scopes, String status, String errorCode,
                      String errorDescription, String connectionId, long createdAt, long expiresAt, Long openedAt,
                      Long stateConsumedAt, Long completedAt) {

    static final String COLUMNS = "id, tenant, subject, server_id, server_slug, server_url, issuer, client_ref, scopes, "
            + "status, error_code, error_description, connection_id, created_at, expires_at, opened_at, "
            + "state_consumed_at, completed_at";

    public boolean isPending() {
        return "pending".equals(status);
    }

    static FlowRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new FlowRow(rs.getString("id"), rs.getString("tenant"), rs.getString("subject"),
                rs.getString("server_id"), rs.getString("server_slug"), rs.getString("server_url"),
                rs.getString("issuer"), rs.getString("client_ref"), rs.getString("scopes"), rs.getString("status"),
                rs.getString("error_code"), rs.getString("error_description"), rs.getString("connection_id"),
                rs.getLong("created_at"), rs.getLong("expires_at"), nullableLong(rs, "opened_at"),
                nullableLong(rs, "state_consumed_at"), nullableLong(rs, "completed_at"));
    }

    static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
