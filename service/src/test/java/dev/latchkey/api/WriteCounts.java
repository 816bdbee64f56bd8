package dev.latchkey.api;

import dev.latchkey.testing.RawHttp;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * What a request could have written, read in one statement: row counts of every table an API call
 * or a browser page writes, and the columns an update would move. Left out are the bounded security
 * records a refusal keeps on purpose: on browser pages those of refused callbacks (audit {@code callback.*},
 * {@code callback} steps), at the token endpoint the reuse detection's (a code or refresh token presented
 * again revokes its grant, audited as {@code oauth_grant.*_reused}).
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
                   (SELECT COUNT(*) FROM audit_log WHERE (action NOT LIKE 'callback.%' OR :api)
                        AND (action NOT IN ('oauth_grant.code_reused', 'oauth_grant.refresh_reused') OR :notToken))
                        AS audit_log,
                   (SELECT COUNT(*) FROM oauth_clients) AS oauth_clients,
                   (SELECT COALESCE(MAX(last_seen_at), 0) FROM oauth_clients) AS oauth_clients_seen,
                   (SELECT COUNT(*) FROM oauth_consents) AS oauth_consents,
                   (SELECT COALESCE(MAX(updated_at), 0) FROM oauth_consents) AS oauth_consents_updated,
                   (SELECT COUNT(*) FROM oauth_grants) AS oauth_grants,
                   (SELECT COUNT(revoked_at) FROM oauth_grants
                        WHERE revoked_why NOT IN ('code_reused', 'refresh_reused') OR :notToken) AS oauth_grants_revoked,
                   (SELECT COALESCE(MAX(last_used_at), 0) FROM oauth_grants) AS oauth_grants_used,
                   (SELECT COUNT(*) FROM oauth_codes) AS oauth_codes,
                   (SELECT COUNT(used_at) FROM oauth_codes) AS oauth_codes_used,
                   (SELECT COUNT(*) FROM oauth_refresh_tokens) AS oauth_refresh_tokens,
                   (SELECT COUNT(used_at) FROM oauth_refresh_tokens) AS oauth_refresh_tokens_used
            """;

    private WriteCounts() {
    }

    static Map<String, Object> of(Handle handle, RawHttp.Request request) {
        Map<String, Object> counts = new TreeMap<>();
        boolean token = request.target().equals("/oauth/token");
        handle.createQuery(COUNTS).bind("api", !AnswerRules.browserPage(request)).bind("notToken", !token).mapToMap().one()
                .forEach((name, value) -> counts.put(name, ((Number) value).longValue()));
        return counts;
    }
}
