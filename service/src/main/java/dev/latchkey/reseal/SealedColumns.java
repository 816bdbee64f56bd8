package dev.latchkey.reseal;

import dev.latchkey.connection.Connection;
import dev.latchkey.flow.Landing;
import dev.latchkey.idempotency.IdempotencyKeys;
import dev.latchkey.registration.StoredClientRegistry;
import dev.latchkey.webhook.Webhooks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every column that holds sealed values, with the additional authenticated data the code that
 * seals it uses. A new use of {@code Sealer.seal} on stored data belongs here, or {@code keys retire}
 * would not see it and {@code keys reseal} would not move it.
 */
public final class SealedColumns {

    public static final List<SealedColumn> ALL = List.of(
            new SealedColumn("connections", "tokens_sealed", List.of("tenant", "subject", "resource", "issuer"),
                    row -> Connection.aad(text(row, "id"), text(row, "tenant"), text(row, "subject"),
                            text(row, "resource"), text(row, "issuer")), Optional.of("key_id")),
            new SealedColumn("registered_clients", "client_secret_sealed", List.of(),
                    row -> StoredClientRegistry.secretAad(text(row, "id")), Optional.empty()),
            new SealedColumn("webhooks", "secret_sealed", List.of(),
                    row -> Webhooks.aad(text(row, "id")), Optional.empty()),
            new SealedColumn("webhooks", "previous_secret_sealed", List.of(),
                    row -> Webhooks.aad(text(row, "id")), Optional.empty()),
            new SealedColumn("idempotency_keys", "response_sealed", List.of(),
                    row -> IdempotencyKeys.aad(text(row, "id")), Optional.empty()),
            // Flows started before V13 kept their whole authorization URL sealed until they finished.
            new SealedColumn("flows", "authorize_url_sealed", List.of(),
                    row -> Landing.authorizeUrlAad(text(row, "id")), Optional.empty()));

    private SealedColumns() {
    }

    /** The columns grouped by table, in catalogue order. */
    public static Map<String, List<SealedColumn>> byTable() {
        Map<String, List<SealedColumn>> tables = new LinkedHashMap<>();
        for (SealedColumn column : ALL) {
            tables.computeIfAbsent(column.table(), t -> new java.util.ArrayList<>()).add(column);
        }
        return tables;
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }
}
