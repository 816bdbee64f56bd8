package dev.latchkey.console;

import dev.latchkey.event.EventDraft;
import dev.latchkey.event.EventStore;
import dev.latchkey.event.EventSubject;
import dev.latchkey.event.OutboxEventWriter;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.store.Ids;
import dev.latchkey.webhook.DeliveryDao;
import dev.latchkey.webhook.DeliveryFanout;
import dev.latchkey.webhook.DeliveryStatus;
import dev.latchkey.webhook.WebhookDao;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Seeds console store tests: flows, steps, connections and clients by SQL; events, webhooks and
 * deliveries through the events feature's own writer, DAOs and fan-out, into the real V3/V4 tables.
 */
public final class ConsoleFixtures {

    public static final String ISSUER = "https://auth.example.test";

    private final Jdbi jdbi;

    public ConsoleFixtures(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
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

    /** An event written the way the flow engine writes it (the outbox writer, in a transaction). */
    public StoredEvent event(String flowId, String tenant, String subject, String type) {
        return jdbi.inTransaction(handle -> new OutboxEventWriter(Jackson.newObjectMapper(), Clock.systemUTC())
                .append(handle, EventDraft.aboutFlow(type, new EventSubject(tenant, subject, "files", "files"), flowId,
                        Optional.empty(), Map.of())));
    }

    /** A webhook row as {@code Webhooks.create} stores it (the secret is sealed there; here a stand-in). */
    public void webhook(String id, String tenant, String url, long at) {
        jdbi.useExtension(WebhookDao.class, dao -> dao.insert(id, tenant, url, null, true,
                "sealed-webhook-secret-never-shown", at));
    }

    /** One pass of the delivery fan-out: a pending delivery per new event and matching webhook. */
    public void fanOut() {
        new DeliveryFanout(jdbi, new EventStore(jdbi, Jackson.newObjectMapper()), Clock.systemUTC(),
                Duration.ofSeconds(30), 100).pass();
    }

    /** The delivery of {@code eventId} to {@code webhookId}. */
    public String deliveryOf(String webhookId, String eventId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM webhook_deliveries WHERE webhook_id = :w AND event_id = :e")
                .bind("w", webhookId).bind("e", eventId).mapTo(String.class).one());
    }

    /** One attempt as the delivery worker records it: claim, attempt row, outcome. */
    public void attempt(String deliveryId, DeliveryStatus outcome, Integer statusCode, String error, Long next) {
        long now = Clock.systemUTC().millis();
        jdbi.useExtension(DeliveryDao.class, dao -> {
            int attempt = dao.find(deliveryId).orElseThrow().attempts() + 1;
            dao.claim(deliveryId, "test-worker", now + 60_000, Long.MAX_VALUE / 2);
            dao.insertAttempt(Ids.mint("att"), deliveryId, attempt, now, 42, statusCode, error, next, "test-worker");
            dao.finish(deliveryId, "test-worker", outcome.db(), attempt, next, statusCode, error,
                    outcome == DeliveryStatus.DELIVERED ? now : null, now);
        });
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
