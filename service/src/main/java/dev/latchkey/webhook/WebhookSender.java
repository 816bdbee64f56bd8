package dev.latchkey.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.event.EventView;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import dev.latchkey.protocol.ProviderText;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one event to one webhook the Standard Webhooks way: {@code webhook-id} is the event id (the
 * receiver's idempotency key, the same on every retry), {@code webhook-timestamp} is the send
 * time in seconds, {@code webhook-signature} carries one {@code v1,} signature per live secret.
 * All sending goes through the guarded {@link OutboundHttp}, which bounds time and size.
 */
public final class WebhookSender {

    static final int MAX_ERROR_LENGTH = 300;

    private final OutboundHttp http;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookSender(OutboundHttp http, ObjectMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** What one attempt came to. */
    public record Result(Optional<Integer> statusCode, Optional<String> error, long latencyMs) {

        public boolean delivered() {
            return statusCode.filter(c -> c >= 200 && c < 300).isPresent();
        }

        public boolean gone() {
            return statusCode.filter(c -> c == 410).isPresent();
        }
    }

    public Result send(Webhook webhook, List<String> secrets, StoredEvent event) {
        byte[] body = body(event);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, List<String>> headers = Map.of(
                "Content-Type", List.of("application/json"),
                "User-Agent", List.of("Latchkey-Webhooks/1"),
                "webhook-id", List.of(event.id()),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(WebhookSecret.header(secrets, event.id(), timestamp, body)));
        OutboundRequest request = new OutboundRequest("POST", URI.create(webhook.url()), headers, Optional.of(body),
                false, "webhook");
        long started = System.nanoTime();
        try {
            OutboundResponse response = http.send(request);
            long latency = (System.nanoTime() - started) / 1_000_000;
            int status = response.status();
            Optional<String> error = status >= 200 && status < 300 ? Optional.empty()
                    : Optional.of(bounded("HTTP " + status + responseExcerpt(response)));
            return new Result(Optional.of(status), error, latency);
        } catch (EgressException e) {
            long latency = (System.nanoTime() - started) / 1_000_000;
            return new Result(Optional.empty(), Optional.of(bounded(e.kind().name().toLowerCase() + ": "
                    + e.getMessage())), latency);
        }
    }

    private byte[] body(StoredEvent event) {
        try {
            return json.writeValueAsBytes(EventView.of(event, json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.id(), e);
        }
    }

    private static String responseExcerpt(OutboundResponse response) {
        String text = response.bodyText();
        return text.isBlank() ? "" : ": " + text;
    }

    /** Receiver text is untrusted: one line, printable, bounded. */
    static String bounded(String text) {
        return ProviderText.oneLine(text, MAX_ERROR_LENGTH);
    }
}
