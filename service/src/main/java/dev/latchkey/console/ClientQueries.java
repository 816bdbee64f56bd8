package dev.latchkey.console;

import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Read-only view of registered clients with how many flows used each. The sealed secret column is
 * never selected: the console can only say whether a secret exists.
 */
public final class ClientQueries {

    private final Jdbi jdbi;

    /** A registered client as listed. */
    public record ClientRow(String id, String issuer, String redirectUri, String status, String method,
                            String clientId, String authMethod, boolean hasSecret, Long secretExpiresAt,
                            long createdAt, long flowCount) {
    }

    public ClientQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Page<ClientRow> list(String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<ClientRow> rows = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT rc.id, rc.issuer, rc.redirect_uri, rc.status, rc.method, rc.client_id, rc.auth_method,
                               CASE WHEN rc.client_secret_sealed IS NULL THEN FALSE ELSE TRUE END AS has_secret,
                               rc.secret_expires_at, rc.created_at,
                               (SELECT COUNT(*) FROM flows f WHERE f.client_ref = rc.id) AS flow_count
                        FROM registered_clients rc
                        WHERE rc.created_at <= :cursorAt AND (rc.created_at < :cursorAt OR rc.id < :cursorId)
                        ORDER BY rc.created_at DESC, rc.id DESC LIMIT :limit""")
                .bind("cursorAt", position.at()).bind("cursorId", position.id()).bind("limit", limit + 1)
                .map((rs, ctx) -> new ClientRow(rs.getString("id"), rs.getString("issuer"),
                        rs.getString("redirect_uri"), rs.getString("status"), rs.getString("method"),
                        rs.getString("client_id"), rs.getString("auth_method"), rs.getBoolean("has_secret"),
                        FlowRowMapper.nullableLong(rs, "secret_expires_at"), rs.getLong("created_at"),
                        rs.getLong("flow_count")))
                .list());
        return Keyset.page(rows, limit, ClientRow::createdAt, ClientRow::id);
    }
}
