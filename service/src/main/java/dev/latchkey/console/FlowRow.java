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
}
