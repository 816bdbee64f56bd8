package dev.latchkey.discovery;

import dev.latchkey.http.OutboundResponse;
import java.time.Duration;
import java.util.Locale;

/** How long a fetched document may be reused: the response's own limit, bounded by configuration. */
final class CachePolicy {

    private CachePolicy() {
    }

    static Duration ttl(OutboundResponse response, Duration max) {
        String header = String.join(",", response.headers().getOrDefault("cache-control", java.util.List.of()))
                .toLowerCase(Locale.ROOT);
        Duration ttl = max;
        for (String directive : header.split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Duration.ZERO;
            }
            if (d.startsWith("max-age=")) {
                ttl = parseSeconds(d.substring("max-age=".length())).map(s -> min(s, max)).orElse(Duration.ZERO);
            }
        }
        return ttl;
    }

    private static java.util.Optional<Duration> parseSeconds(String value) {
        try {
            long seconds = Long.parseLong(value.replace("\"", "").trim());
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
