package dev.latchkey.webhook;

import java.util.List;
import java.util.Optional;

/** A stored webhook. The secrets stay sealed here; {@link Webhooks} opens them only to sign. */
public record Webhook(String id, String tenant, String url, List<String> eventTypes, boolean enabled,
                      Optional<String> disabledReason, String secretSealed, Optional<String> previousSecretSealed,
                      Optional<Long> previousSecretUntil, long createdAt, long updatedAt) {

    public Webhook {
        eventTypes = List.copyOf(eventTypes);
    }

    /** An empty filter means every event type. */
    public boolean wants(String type) {
        return eventTypes.isEmpty() || eventTypes.contains(type);
    }

    /** The sealed secrets that sign at {@code now}: the current one, and the previous during its overlap. */
    public List<String> signingSecretsSealed(long now) {
        if (previousSecretSealed.isPresent() && previousSecretUntil.orElse(0L) > now) {
            return List.of(secretSealed, previousSecretSealed.get());
        }
        return List.of(secretSealed);
    }
}
