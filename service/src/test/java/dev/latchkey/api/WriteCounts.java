package dev.latchkey.api;

import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * What a request could have written, read in one statement: row counts of every table an API call
 * or a browser page writes, and the columns an update would move. On browser pages the bounded
 * security record of refused callbacks (audit {@code callback.*}, {@code callback} steps) is left out.
 */
final class WriteCounts {
    private static final String COUNTS = """
            SELECT (SELECT COUNT(*) FROM flows) AS flows,
                   (SELECT COUNT(opened_at) FROM flows) AS flows_opened,
                   (SELECT COUNT(completed_at) FROM flows) AS flows_completed,
                   (SELECT COUNT(browser_binding) FROM flows) AS flows_bound,
                   (SELECT COUNT(*) FROM flow_steps WHERE step <> 'callback' OR :api) AS flow_steps,
                   (SELECT COUNT(*) FROM connections) AS connections,
                   (SELECT COALESCE(MAX(updated_at), 0) FROM connections) AS connections_updated,
                   (SELECT COUNT(*) FROM webhooks) AS webhooks,
                   (SELECT COALESCE(MAX(updated_at), 0) FROM webhooks) AS webhooks_updated,
                   (SELECT COUNT(*) FROM webhook_deliveries) AS deliveries,
                   (SELECT COUNT(*) FROM events) AS events,
                   (SELECT COUNT(*) FROM gateway_tokens) AS gateway_tokens,
                   (SELECT COUNT(revoked_at) FROM gateway_tokens) AS gateway_tokens_revoked,
                   (SELECT COUNT(*) FROM upstream_servers) AS upstream_servers,
                   (SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'callback.%' OR :api) AS audit_log
            """;

    private WriteCounts() {
    }

    static Map<String, Object> of(Handle handle, boolean browserPage) {
        Map<String, Object> counts = new TreeMap<>();
        handle.createQuery(COUNTS).bind("api", !browserPage).mapToMap().one()
                .forEach((name, value) -> counts.put(name, ((Number) value).longValue()));
        return counts;
    }
}
