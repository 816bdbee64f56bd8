package dev.latchkey.console;

import dev.latchkey.store.Page;
import dev.latchkey.webhook.Delivery;
import dev.latchkey.webhook.DeliveryAttempt;
import dev.latchkey.webhook.DeliveryQueries;
import dev.latchkey.webhook.DeliveryStatus;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Webhooks and deliveries as the console's templates show them, read through the events feature's
 * {@link DeliveryQueries}: plain nullable fields instead of Optionals, URLs without query or user
 * info (they may carry credentials), and each delivery with its attempts.
 */
public final class DeliveryRows {

    public static final List<String> STATES = List.of("pending", "failed", "delivered", "dead");

    private final DeliveryQueries queries;

    /** A webhook endpoint with its deliveries counted by state. */
    public record WebhookRow(String id, String tenant, String url, String eventTypes, boolean enabled,
                             String disabledReason, long createdAt, Map<String, Long> byState) {
    }

    /** One attempt: when, what came back or why nothing did, how long it took, what was scheduled next. */
    public record AttemptRow(int attempt, long startedAt, Integer statusCode, long latencyMs, String error,
                             Long nextAttemptAt) {
        static AttemptRow of(DeliveryAttempt a) {
            return new AttemptRow(a.attempt(), a.startedAt(), a.statusCode().orElse(null), a.latencyMs(),
                    a.error().orElse(null), a.nextAttemptAt().orElse(null));
        }
    }

    /** One event's delivery to one webhook, with its attempts oldest first. */
    public record DeliveryRow(String id, String eventId, String eventType, String webhookId, String webhookUrl,
                              String tenant, String state, int attempts, Long nextAttemptAt, Integer lastStatus,
                              String lastError, long createdAt, long updatedAt, List<AttemptRow> attemptRows) {
        public boolean isRetryable() {
            return !"delivered".equals(state);
        }
    }

    public DeliveryRows(DeliveryQueries queries) {
        this.queries = queries;
    }

    public List<WebhookRow> webhooks() {
        return queries.stats().stream().map(DeliveryRows::webhookRow).toList();
    }

    public Optional<WebhookRow> webhook(String id) {
        return queries.stats(id).map(DeliveryRows::webhookRow);
    }

    public Page<DeliveryRow> deliveries(String webhookId, Optional<String> state, String cursor, int limit) {
        Page<Delivery> page = queries.page(Optional.of(webhookId),
                state.filter(STATES::contains).map(DeliveryStatus::of), cursor, limit);
        return new Page<>(rows(page.items()), page.nextCursor());
    }

    /** The deliveries of a flow's events, for the flow's detail page. */
    public List<DeliveryRow> forFlow(String flowId) {
        return rows(queries.forFlow(flowId));
    }

    /** Deliveries not yet delivered, by state, for the overview. */
    public Map<String, Long> backlog() {
        Map<DeliveryStatus, Long> counts = queries.countsByStatus();
        Map<String, Long> backlog = new LinkedHashMap<>();
        for (DeliveryStatus status : List.of(DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.DEAD)) {
            backlog.put(status.db(), counts.get(status));
        }
        return backlog;
    }

    /** When the longest-waiting delivery still to be made was created. */
    public Optional<Long> oldestUndelivered() {
        return queries.oldestWaiting();
    }

    private List<DeliveryRow> rows(List<Delivery> deliveries) {
        Map<String, List<DeliveryAttempt>> attempts = queries.attempts(deliveries.stream().map(Delivery::id).toList());
        Map<String, String> urls = deliveries.stream().map(Delivery::webhookId).distinct()
                .collect(Collectors.toMap(Function.identity(),
                        id -> queries.stats(id).map(w -> displayUrl(w.url())).orElse("(deleted webhook)")));
        return deliveries.stream().map(d -> row(d, urls.get(d.webhookId()), attempts.getOrDefault(d.id(), List.of())))
                .toList();
    }

    private static DeliveryRow row(Delivery d, String url, List<DeliveryAttempt> attempts) {
        boolean waiting = d.status() == DeliveryStatus.PENDING || d.status() == DeliveryStatus.FAILED;
        return new DeliveryRow(d.id(), d.eventId(), d.eventType(), d.webhookId(), url, d.tenant(), d.status().db(),
                d.attempts(), waiting ? d.nextAttemptAt().orElse(null) : null, d.lastStatusCode().orElse(null),
                d.lastError().orElse(null), d.createdAt(), d.updatedAt(),
                attempts.stream().map(AttemptRow::of).toList());
    }

    private static WebhookRow webhookRow(DeliveryQueries.WebhookStats w) {
        Map<String, Long> byState = new LinkedHashMap<>();
        byState.put("pending", w.pending());
        byState.put("failed", w.retrying());
        byState.put("delivered", w.delivered());
        byState.put("dead", w.dead());
        return new WebhookRow(w.webhookId(), w.tenant(), displayUrl(w.url()), String.join(" ", w.eventTypes()),
                w.enabled(), w.disabledReason().orElse(null), w.createdAt(), byState);
    }

    /** The URL without user info, query or fragment: those may carry credentials. */
    static String displayUrl(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (RuntimeException | java.net.URISyntaxException e) {
            return "(unreadable URL)";
        }
    }
}
