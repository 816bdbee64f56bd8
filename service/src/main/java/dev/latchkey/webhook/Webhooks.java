package dev.latchkey.webhook;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.event.EventTypes;
import dev.latchkey.protocol.Failure;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Ids;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Creates, changes, rotates and deletes a tenant's webhooks; opens their secrets only to sign. */
public final class Webhooks {

    private final WebhookStore store;
    private final Sealer sealer;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookUrlPolicy urls;
    private final Duration secretOverlap;

    public Webhooks(Jdbi jdbi, Sealer sealer, AuditLog audit, Clock clock, WebhookUrlPolicy urls,
                    Duration secretOverlap) {
        this.store = new WebhookStore(jdbi);
        this.sealer = sealer;
        this.audit = audit;
        this.clock = clock;
        this.urls = urls;
        this.secretOverlap = secretOverlap;
    }

    /** The secret's additional authenticated data: a sealed secret moved to another webhook does not open. */
    /** What a webhook's sealed secrets are bound to. */
    public static String aad(String webhookId) {
        return "webhook-secret:" + webhookId;
    }

    public WebhookView create(Caller caller, WebhookRequest request) {
        String url = urls.check(request.url()).toString();
        List<String> types = eventTypes(request.eventTypes());
        boolean enabled = request.enabled() == null || request.enabled();
        String id = Ids.mint("whk");
        String secret = WebhookSecret.generate();
        long now = clock.millis();
        store.insert(id, caller.tenant(), url, types, enabled, sealer.seal(secret, aad(id)), now,
                h -> record(h, caller, "webhook.create", id, url));
        return get(caller.tenant(), id).withSecret(secret);
    }

    /** The tenant's webhooks, newest first, one key-set page at a time. */
    public Page<WebhookView> list(String tenant, String cursor, int limit) {
        long now = clock.millis();
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Webhook> rows = store.page(tenant, position.at(), position.id(), limit + 1);
        return Page.fromLookahead(rows, limit, w -> new Cursor(w.createdAt(), w.id())).map(w -> WebhookView.of(w, now));
    }

    public WebhookView get(String tenant, String id) {
        return WebhookView.of(find(tenant, id), clock.millis());
    }

    public Webhook find(String tenant, String id) {
        return store.find(tenant, id)
                .orElseThrow(() -> Failure.notFound("not_found", "Webhook " + safeId(id) + " was not found."));
    }

    public WebhookView update(Caller caller, String id, WebhookRequest request) {
        Webhook current = find(caller.tenant(), id);
        String url = request.url() == null ? current.url() : urls.check(request.url()).toString();
        List<String> types = request.eventTypes() == null ? current.eventTypes() : eventTypes(request.eventTypes());
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        store.update(caller.tenant(), id, url, types, enabled, clock.millis(),
                h -> record(h, caller, "webhook.update", id, "enabled=" + enabled));
        return get(caller.tenant(), id);
    }

    public void delete(Caller caller, String id) {
        find(caller.tenant(), id);
        store.delete(caller.tenant(), id, clock.millis(), h -> record(h, caller, "webhook.delete", id, null));
    }

    /** An operator stops deliveries to a webhook of any tenant; false when unknown, deleted or already disabled. */
    public boolean disableByOperator(String id, String operator) {
        return store.disableIfEnabled(id, "disabled by operator " + operator, clock.millis(),
                (h, webhook) -> audit.record(h, AuditEntry.ActorType.OPERATOR, operator, webhook.tenant(),
                        "webhook.disable", "webhook", id, AuditEntry.Outcome.SUCCESS, null));
    }

    /** A new secret, shown once; the old one keeps signing beside it for the overlap. */
    public WebhookView rotate(Caller caller, String id, Optional<Duration> overlap) {
        find(caller.tenant(), id);
        Duration keep = overlap.orElse(secretOverlap);
        String secret = WebhookSecret.generate();
        long now = clock.millis();
        store.rotate(caller.tenant(), id, sealer.seal(secret, aad(id)), now + keep.toMillis(), now,
                h -> record(h, caller, "webhook.rotate_secret", id, "overlap=" + keep.toSeconds() + "s"));
        return get(caller.tenant(), id).withSecret(secret);
    }

    /** The plaintext secrets that sign a delivery now. */
    public List<String> signingSecrets(Webhook webhook) {
        return webhook.signingSecretsSealed(clock.millis()).stream()
                .map(sealed -> sealer.openString(sealed, aad(webhook.id()))).toList();
    }

    private static List<String> eventTypes(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        for (String type : requested) {
            if (type == null || !EventTypes.ALL.contains(type)) {
                throw Failure.request("invalid_event_type",
                        "eventTypes may hold only " + String.join(", ", EventTypes.ALL) + ".");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }

    static String safeId(String id) {
        String clean = id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }

    private void record(org.jdbi.v3.core.Handle h, Caller caller, String action, String id, String details) {
        audit.record(h, AuditEntry.ActorType.API_KEY, "lk_" + caller.keyPrefix(), caller.tenant(), action,
                "webhook", id, AuditEntry.Outcome.SUCCESS, details);
    }
}
