package dev.latchkey.testkit;

import java.util.List;
import java.util.Map;

/**
 * A request the fake received: method, path, query and form parameters (decoded), lower-case
 * headers, and the raw body.
 */
public record Exchange(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                       String body, Map<String, String> form) {

    public Exchange {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        form = Map.copyOf(form);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
