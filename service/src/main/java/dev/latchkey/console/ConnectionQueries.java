package dev.latchkey.console;

import dev.latchkey.connection.ConnectionKind;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.registration.ClientCredentialsClients;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Read-only view of connections: never the sealed tokens, only their metadata. */
public final class ConnectionQueries {

    public static final List<String> STATUSES = List.of("active", "reauthorization_required", "revoked");

    private final Jdbi jdbi;
    private final ClientCredentialsClients machineClients;

    /**
     * A connection as listed. {@code kind} is {@code authorization_code} or {@code client_credentials}; for the
     * latter, the machine client's id and authentication method (empty when no longer configured) — never a secret.
     */
    public record ConnectionRow(String id, String tenant, String subject, String serverSlug, String serverUrl,
                                String issuer, String status, String scopes, Long accessExpiresAt,
                                boolean hasRefreshToken, Long lastRefreshAt, int refreshFailures, String lastError,
                                long createdAt, String kind, String clientId, String authMethod, String dpopJkt) {
        public boolean isRevocable() {
            return !"revoked".equals(status);
        }

        public boolean isClientCredentials() {
            return ConnectionKind.CLIENT_CREDENTIALS.code().equals(kind);
        }
    }

    public ConnectionQueries(Jdbi jdbi) {
        this(jdbi, ClientCredentialsClients.none());
    }

    public ConnectionQueries(Jdbi jdbi, ClientCredentialsClients machineClients) {
        this.jdbi = jdbi;
        this.machineClients = machineClients;
    }

    public Page<ConnectionRow> list(Optional<String> tenant, Optional<String> subject, Optional<String> status,
                                    String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<String> where = new ArrayList<>(List.of(Keyset.AFTER));
        Map<String, Object> binds = new LinkedHashMap<>(Map.of("cursorAt", position.at(), "cursorId", position.id()));
        tenant.ifPresent(v -> { where.add("tenant = :tenant"); binds.put("tenant", v); });
        subject.ifPresent(v -> { where.add("subject = :subject"); binds.put("subject", v); });
        status.filter(STATUSES::contains).ifPresent(v -> { where.add("status = :status"); binds.put("status", v); });
        String sql = """
                SELECT id, tenant, subject, server_slug, server_url, issuer, status, scopes, access_expires_at,
                       has_refresh_token, last_refresh_at, refresh_failures, last_error, created_at, client_ref, dpop_jkt
                FROM connections WHERE %s ORDER BY created_at DESC, id DESC LIMIT :limit"""
                .formatted(String.join(" AND ", where));
        List<ConnectionRow> rows = jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", limit + 1);
            binds.forEach(query::bind);
            return query.map((rs, ctx) -> new ConnectionRow(rs.getString("id"), rs.getString("tenant"),
                    rs.getString("subject"), rs.getString("server_slug"), rs.getString("server_url"),
                    rs.getString("issuer"), rs.getString("status"), rs.getString("scopes"),
                    FlowRowMapper.nullableLong(rs, "access_expires_at"), rs.getBoolean("has_refresh_token"),
                    FlowRowMapper.nullableLong(rs, "last_refresh_at"), rs.getInt("refresh_failures"),
                    rs.getString("last_error"), rs.getLong("created_at"), ConnectionKind.of(rs.getString("client_ref"))
                            .code(), machineClientId(rs.getString("client_ref"), rs.getString("subject")),
                    machineAuthMethod(rs.getString("client_ref")), rs.getString("dpop_jkt"))).list();
        });
        return Keyset.page(rows, limit, ConnectionRow::createdAt, ConnectionRow::id);
    }

    private String machineClientId(String clientRef, String subject) {
        if (!ClientCredentialsClients.isRef(clientRef)) {
            return "";
        }
        return machineClients.byRef(clientRef).map(ClientCredentialsClient::clientId)
                .orElse(subject.startsWith(ClientCredentialsClient.SUBJECT_PREFIX)
                        ? subject.substring(ClientCredentialsClient.SUBJECT_PREFIX.length()) : subject);
    }

    private String machineAuthMethod(String clientRef) {
        return ClientCredentialsClients.isRef(clientRef) ? machineClients.byRef(clientRef)
                .map(c -> c.authMethod().wireName()).orElse("") : "";
    }
}
