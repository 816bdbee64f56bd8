package dev.latchkey.webhook;

import java.util.Optional;

/** One event for one webhook, and how its delivery is going. */
public record Delivery(String id, String webhookId, String tenant, long eventSeq, String eventId, String eventType,
                       DeliveryStatus status, int attempts, Optional<Long> nextAttemptAt,
                       Optional<Integer> lastStatusCode, Optional<String> lastError, long createdAt, long updatedAt,
                       Optional<Long> deliveredAt) {
}
