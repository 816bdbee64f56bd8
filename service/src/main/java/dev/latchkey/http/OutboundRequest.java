package dev.latchkey.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An HTTP request Latchkey sends to the outside world. {@code purpose} names it in logs and errors. */
public record OutboundRequest(String method, URI uri, Map<String, List<String>> headers, Optional<byte[]> body,
                              boolean followRedirects, String purpose) {

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(purpose, "purpose");
        if (followRedirects && !method.equals("GET")) {
            throw new IllegalArgumentException("only GET requests may follow redirects");
        }
    }

    public static OutboundRequest get(URI uri, String purpose) {
        return new OutboundRequest("GET", uri, Map.of("Accept", List.of("application/json")), Optional.empty(), true,
                purpose);
    }
}
