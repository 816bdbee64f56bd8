package dev.latchkey.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The body of {@code POST /v1/webhooks} and {@code PATCH /v1/webhooks/{id}}: absent fields keep their value. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record WebhookRequest(String url, List<String> eventTypes, Boolean enabled) {
}
