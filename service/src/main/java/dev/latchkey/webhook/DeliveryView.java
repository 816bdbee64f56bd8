package dev.latchkey.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A delivery as the API shows it, with every attempt made so far. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String id, String webhookId, String eventId, String eventType, String status,
                           int attemptCount, String nextAttemptAt, Integer lastStatusCode, String lastError,
                           String createdAt, String deliveredAt, List<AttemptView> attempts) {

    /** One attempt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(int attempt, String at, Integer statusCode, long latencyMs, String error,
                              String nextAttemptAt, String worker) {

        static AttemptView of(DeliveryAttempt a) {
            return new AttemptView(a.attempt(), time(a.startedAt()), a.statusCode().orElse(null), a.latencyMs(),
                    a.error().orElse(null), a.nextAttemptAt().map(DeliveryView::time).orElse(null), a.worker());
        }
    }

    public static DeliveryView of(Delivery d, List<DeliveryAttempt> attempts) {
        boolean retrying = d.status() == DeliveryStatus.PENDING || d.status() == DeliveryStatus.FAILED;
        return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status().db(), d.attempts(),
                retrying ? d.nextAttemptAt().map(DeliveryView::time).orElse(null) : null,
                d.lastStatusCode().orElse(null), d.lastError().orElse(null), time(d.createdAt()),
                d.deliveredAt().map(DeliveryView::time).orElse(null),
                attempts.stream().map(AttemptView::of).toList());
    }

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static String time(Optional<Long> millis) {
        return millis.map(DeliveryView::time).orElse(null);
    }
}
