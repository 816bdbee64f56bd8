package dev.latchkey.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request Latchkey sends to the outside world. {@code purpose} names it in logs and errors;
 * {@code timeout}, when set, shortens the client's own read timeout (e.g. to what is left of a
 * caller's overall deadline).
 */
public record OutboundRequest(String method, URI uri, Map<String, List<String>> headers, Optional<byte[]> body,
                              boolean followRedirects, String purpose, Optional<Duration> timeout) {

    public OutboundRequest(String method, URI uri, Map<String, List<String>> headers, Optional<byte[]> body,
                           boolean followRedirects, String purpose) {
        this(method, uri, headers, body, followRedirects, purpose, Optional.empty());
    }

    public OutboundRequest {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(purpose, "purpose");
        if (followRedirects && !method.equals("GET")) {
            throw new IllegalArgumentException("only GET requests may follow redirects");
        }
    }

    /** The same request, given at most {@code limit} to answer. */
    public OutboundRequest within(Duration limit) {
        return new OutboundRequest(method, uri, headers, body, followRedirects, purpose, Optional.of(limit));
    }

    public static OutboundRequest get(URI uri, String purpose) {
        return new OutboundRequest("GET", uri, Map.of("Accept", List.of("application/json")), Optional.empty(), true,
                purpose);
    }
}
