package dev.latchkey.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Seeds console tests by SQL: the V4-like event tables, and rows of every aggregate the console shows. */
public final class ConsoleFixtures {

    public static final String ISSUER = "https://auth.example.test";

    private final Jdbi jdbi;

    public ConsoleFixtures(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Creates the webhook and delivery tables the events feature owns (V4), where they are missing. */
    public ConsoleFixtures withEventTables() {
        String script;
        try (InputStream in = ConsoleFixtures.class.getResourceAsStream("/db/console-fixtures/events-v4-like.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbi.useHandle(handle -> {
            for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    handle.execute(statement);
                }
            }
        });
        return this;
    }

    public void flow(String id, String tenant, String subject, String server, String status, long createdAt) {
        jdbi.useHandle(handle -> flow(handle, id, tenant, subject, server, status, createdAt));
    }

    public static void flow(Handle handle, String id, String tenant, String subject, String server, String status,
                            long createdAt) {
        boolean done = !"pending".equals(status);
        handle.createUpdate("""
                        INSERT INTO flows (id, tenant, subject, server_id, server_slug, server_url, resource, issuer,
                                           client_ref, scopes, status, link_id, error_code, error_description,
                                           created_at, expires_at, completed_at)
                        VALUES (:id, :tenant, :subject, :server, :server, :url, :url, :issuer, 'rc_1', 'files.read',
                                :status, :link, :error, :errorText, :created, :expires, :completed)""")
                .bind("id", id).bind("tenant", tenant).bind("subject", subject).bind("server", server)
                .bind("url", "https://" + server + ".example.test/mcp").bind("issuer", ISSUER).bind("status", status)
                .bind("link", "lnk_" + id)
                .bind("error", "failed".equals(status) ? "access_denied" : null)
                .bind("errorText", "failed".equals(status) ? "The user denied access." : null)
                .bind("created", createdAt).bind("expires", createdAt + 600_000)
                .bind("completed", done ? createdAt + 30_000 : null)
                .execute();
    }

    public void step(String flowId, int seq, String step, String outcome, long startedAt, long durationMs, String urls,
                     String detail, String plugin) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO flow_steps (flow_id, seq, step, outcome, started_at, duration_ms, urls, detail, plugin)
                        VALUES (:flow, :seq, :step, :outcome, :at, :ms, :urls, :detail, :plugin)""")
                .bind("flow", flowId).bind("seq", seq).bind("step", step).bind("outcome", outcome).bind("at", startedAt)
                .bind("ms", durationMs).bind("urls", urls).bind("detail", detail).bind("plugin", plugin).execute());
    }

    public void event(String id, String flowId, String tenant, String subject, String type, long at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO events (id, tenant, type, subject, server_id, server_slug, flow_id, payload_json,
                                            notice, created_at)
                        VALUES (:id, :tenant, :type, :subject, 'files', 'files', :flow, '{}', 'notice', :at)""")
                .bind("id", id).bind("tenant", tenant).bind("type", type).bind("subject", subject).bind("flow", flowId)
                .bind("at", at).execute());
    }

    public void webhook(String id, String tenant, String url, boolean enabled, long at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO webhooks (id, tenant, url, event_types, enabled, created_at)
                        VALUES (:id, :tenant, :url, 'assistant_mcp_auth_required,assistant_mcp_auth', :enabled, :at)""")
                .bind("id", id).bind("tenant", tenant).bind("url", url).bind("enabled", enabled).bind("at", at).execute());
    }

    public void delivery(String id, String eventId, String webhookId, String state, int attempts, Integer lastStatus,
                         String lastError, long at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO deliveries (id, event_id, webhook_id, tenant, state, attempts, next_attempt_at,
                                                last_status, last_error, created_at, updated_at)
                        VALUES (:id, :event, :webhook, 'acme', :state, :attempts, :next, :status, :error, :at, :at)""")
                .bind("id", id).bind("event", eventId).bind("webhook", webhookId).bind("state", state)
                .bind("attempts", attempts).bind("next", "failed".equals(state) ? at + 3_600_000L : null)
                .bind("status", lastStatus).bind("error", lastError).bind("at", at).execute());
    }

    public void connection(String id, String tenant, String subject, String status, long at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO connections (id, tenant, subject, server_id, server_slug, server_url, resource, issuer,
                                                 client_ref, status, scopes, tokens_sealed, key_id, access_expires_at,
                                                 has_refresh_token, last_refresh_at, refresh_failures, version,
                                                 created_at, updated_at)
                        VALUES (:id, :tenant, :subject, 'files', 'files', 'https://files.example.test/mcp',
                                'https://files.example.test/mcp', :issuer, 'rc_1', :status, 'files.read',
                                'sealed-token-material-never-shown', 'k1', :expires, TRUE, :at, 0, 1, :at, :at)""")
                .bind("id", id).bind("tenant", tenant).bind("subject", subject).bind("issuer", ISSUER)
                .bind("status", status).bind("expires", at + 3_600_000L).bind("at", at).execute());
    }

    public void client(String id, String issuer, String method, String clientId, String sealedSecret, long at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO registered_clients (id, issuer, redirect_uri, status, method, client_id,
                                                        client_secret_sealed, auth_method, created_at, updated_at)
                        VALUES (:id, :issuer, 'http://127.0.0.1/oauth/callback', 'active', :method, :clientId, :secret,
                                :auth, :at, :at)""")
                .bind("id", id).bind("issuer", issuer).bind("method", method).bind("clientId", clientId)
                .bind("secret", sealedSecret).bind("auth", sealedSecret == null ? "none" : "client_secret_basic")
                .bind("at", at).execute());
    }
}
