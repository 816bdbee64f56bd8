package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Real things for {@link HostileInputFuzzTest} to aim at: keys of four tenants and a revoked one,
 * flows (failed ones through the API, pending ones written directly), connections, webhooks and
 * deliveries, gateway tokens, upstream servers, of the fuzzed tenants and of another one whose rows they must not reach. Cancelling
 * and deleting aim at rows of their own, so the pending flow and the webhook the other calls need
 * stay for the whole run.
 */
record FuzzFixtures(String acmeKey, String otherKey, String hooksKey, String strangerKey, String revokedKey,
                    List<String> flowIds, List<String> cancellableFlowIds, List<String> links, List<String> states,
                    String binding, List<String> connectionIds, List<String> webhookIds,
                    List<String> deletableWebhookIds, List<String> deliveryIds, List<String> gatewayTokenIds,
                    List<String> serverIds) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATE = Pattern.compile("[?&](?:amp;)?state=([^&\"]+)");

    static FuzzFixtures create(Jdbi db, int port, ApiKeys keys) {
        String acme = keys.create("acme", Optional.of("fuzz")).secret();
        String other = keys.create("other", Optional.of("fuzz")).secret();
        String hooks = keys.create("hooks", Optional.of("fuzz")).secret();
        String stranger = keys.create("stranger", Optional.of("fuzz")).secret();
        ApiKeys.Created revoked = keys.create("acme", Optional.of("fuzz-revoked"));
        keys.revoke(revoked.key().prefix());

        String acmeFailed = failedFlow(port, acme);
        String otherFailed = failedFlow(port, other);
        String pending = pendingFlow(db, "flw_fuzzpending0000000000000000", "fuzzpendinglink00000000000000000");
        String cancellable = pendingFlow(db, "flw_fuzzcancel00000000000000000", "fuzzcancellink000000000000000000");
        String pendingLink = "fuzzpendinglink00000000000000000";
        List<String> links = new ArrayList<>(List.of(pendingLink));
        for (String flow : List.of(acmeFailed, otherFailed)) {
            links.add(db.withHandle(h -> h.createQuery("SELECT link_id FROM flows WHERE id = :id").bind("id", flow)
                    .mapTo(String.class).one()));
        }

        RawHttp.Response landing = RawHttp.send(port, new RawHttp.Request("GET", "/connect/" + pendingLink,
                List.of(), null));
        String binding = landing.header("Set-Cookie").map(c -> c.substring(c.indexOf('=') + 1, c.indexOf(';')))
                .orElseThrow(() -> new IllegalStateException("the landing page set no browser binding: " + landing));
        Matcher state = STATE.matcher(landing.body());
        if (!state.find()) {
            throw new IllegalStateException("no state on the landing page: " + landing.body());
        }
        List<String> states = List.of(URLDecoder.decode(state.group(1), StandardCharsets.UTF_8));

        List<String> connections = List.of(connection(db, "acme"), connection(db, "other"));
        List<String> webhooks = List.of(webhook(port, hooks), webhook(port, other));
        List<String> deletable = List.of(webhook(port, hooks), webhooks.get(1));
        List<String> deliveries = List.of(delivery(db, webhook(port, hooks), "hooks"),
                delivery(db, webhooks.get(1), "other"));
        return new FuzzFixtures(acme, other, hooks, stranger, revoked.secret(), List.of(acmeFailed, otherFailed, pending),
                List.of(cancellable, acmeFailed, otherFailed), links, states, binding, connections, webhooks, deletable,
                deliveries, List.of(gatewayToken(port, hooks), gatewayToken(port, other)),
                List.of(server(port, hooks), server(port, other)));
    }

    /** A pending flow of acme's, as a start would have stored it (its authorization server never answers). */
    private static String pendingFlow(Jdbi db, String id, String link) {
        long now = System.currentTimeMillis();
        db.useHandle(h -> h.execute("""
                INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, issuer, client_ref,
                                   scopes, status, link_id, authorize_base_url, iss_required, created_at, expires_at)
                VALUES (?, 'acme', 'alice', 'fuzz', 'fuzz', 'https://mcp.example.invalid/mcp',
                        'https://mcp.example.invalid/mcp', 'https://as.example.invalid', 'cli_fuzz', 'read', 'pending', ?,
                        'https://as.example.invalid/authorize?client_id=fuzz&response_type=code', TRUE, ?, ?)""",
                id, link, now, now + 3_600_000));
        return id;
    }

    private static String failedFlow(int port, String key) {
        RawHttp.Response response = RawHttp.send(port, new RawHttp.Request("POST", "/v1/flows",
                RawHttp.headers("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                "{\"serverUrl\":\"https://fixture.example.invalid/mcp\",\"subject\":\"alice\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        return json(response).path("flowId").asText();
    }

    private static String connection(Jdbi db, String tenant) {
        String id = "con_fuzz" + tenant;
        long now = System.currentTimeMillis();
        db.useHandle(h -> h.execute("""
                INSERT INTO connections (id, tenant, subject, server_id, server_slug, server_url, resource, issuer,
                                         client_ref, status, scopes, has_refresh_token, refresh_failures, version,
                                         created_at, updated_at)
                VALUES (?, ?, 'alice', 'fuzz', 'fuzz', 'https://mcp.example.invalid/mcp',
                        'https://mcp.example.invalid/mcp', 'https://as.example.invalid', 'cli_fuzz',
                        'reauthorization_required', 'read', FALSE, 0, 1, ?, ?)""", id, tenant, now - 1000, now - 1000));
        return id;
    }

    private static String webhook(int port, String key) {
        RawHttp.Response response = RawHttp.send(port, new RawHttp.Request("POST", "/v1/webhooks",
                RawHttp.headers("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                "{\"url\":\"https://hooks.example.invalid/in\",\"enabled\":false}".getBytes(StandardCharsets.UTF_8)));
        if (response.status() != 201) {
            throw new IllegalStateException("webhook fixture: " + response);
        }
        return json(response).path("id").asText();
    }

    private static String server(int port, String key) {
        RawHttp.Response response = RawHttp.send(port, new RawHttp.Request("POST", "/v1/servers",
                RawHttp.headers("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                "{\"url\":\"https://mcp.example.invalid/mcp\",\"name\":\"Fuzz\"}".getBytes(StandardCharsets.UTF_8)));
        if (response.status() != 201) {
            throw new IllegalStateException("server fixture: " + response);
        }
        return json(response).path("id").asText();
    }

    private static String gatewayToken(int port, String key) {
        RawHttp.Response response = RawHttp.send(port, new RawHttp.Request("POST", "/v1/gateway-tokens",
                RawHttp.headers("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                "{\"subject\":\"alice\",\"servers\":[\"fuzz\"]}".getBytes(StandardCharsets.UTF_8)));
        if (response.status() != 201) {
            throw new IllegalStateException("gateway token fixture: " + response);
        }
        return json(response).path("id").asText();
    }

    private static String delivery(Jdbi db, String webhookId, String tenant) {
        String id = "dlv_fuzz" + tenant;
        long now = System.currentTimeMillis();
        db.useHandle(h -> h.execute("""
                INSERT INTO webhook_deliveries (id, webhook_id, tenant, event_seq, event_id, event_type, status,
                                                attempts, created_at, updated_at)
                VALUES (?, ?, ?, 1, ?, 'assistant_mcp_auth', 'dead', 10, ?, ?)""",
                id, webhookId, tenant, "evt_fuzz" + tenant, now, now));
        return id;
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("fixture answer " + response, e);
        }
    }
}
