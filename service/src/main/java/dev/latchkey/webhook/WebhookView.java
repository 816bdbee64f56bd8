package dev.latchkey.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as the API shows it. {@code secret} is present only in the answer that created or
 * rotated it: it is shown once and never again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(String id, String url, List<String> eventTypes, boolean enabled, String disabledReason,
                          String previousSecretExpiresAt, String createdAt, String updatedAt, String secret) {

    public static WebhookView of(Webhook w, long now) {
        String previousUntil = w.previousSecretUntil().filter(until -> until > now)
                .map(until -> Instant.ofEpochMilli(until).toString()).orElse(null);
        return new WebhookView(w.id(), w.url(), w.eventTypes(), w.enabled(), w.disabledReason().orElse(null),
                previousUntil, Instant.ofEpochMilli(w.createdAt()).toString(),
                Instant.ofEpochMilli(w.updatedAt()).toString(), null);
    }

    public WebhookView withSecret(String shownOnce) {
        return new WebhookView(id, url, eventTypes, enabled, disabledReason, previousSecretExpiresAt, createdAt,
                updatedAt, shownOnce);
    }

    @Override
    public String toString() {
        return "WebhookView[" + id + " " + url + "]";
    }
}
