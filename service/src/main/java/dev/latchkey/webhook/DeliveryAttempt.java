package dev.latchkey.webhook;

import java.util.Optional;

/** One attempt to deliver: when, what came back (or why nothing did), how long it took, what is next. */
public record DeliveryAttempt(String id, String deliveryId, int attempt, long startedAt, long latencyMs,
                              Optional<Integer> statusCode, Optional<String> error, Optional<Long> nextAttemptAt,
                              String worker) {
}
