package dev.latchkey.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filters of the flows list, as typed by an operator. Unknown statuses and ages are dropped
 * rather than refused: the form only offers known ones. Age is a window on {@code created_at}.
 */
public record FlowFilter(Optional<String> status, Optional<String> tenant, Optional<String> subject,
                         Optional<String> server, Optional<String> issuer, Optional<String> client,
                         Optional<String> age) {

    public static final List<String> STATUSES = List.of("pending", "authorized", "failed", "expired", "cancelled");
    /** Age choices: "lt" = created within, "gt" = created before. */
    public static final Map<String, String> AGES = ages();

    public static FlowFilter of(String status, String tenant, String subject, String server, String issuer,
                                String client, String age) {
        return new FlowFilter(FilterText.of(status).filter(STATUSES::contains), FilterText.of(tenant), FilterText.of(subject),
                FilterText.of(server), FilterText.of(issuer), FilterText.of(client), FilterText.of(age).filter(AGES::containsKey));
    }

    public static FlowFilter none() {
        return of(null, null, null, null, null, null, null);
    }

    /** The lower bound on created_at implied by the age choice, if any. */
    public Optional<Long> createdAfter(long now) {
        return age.filter(a -> a.startsWith("lt")).map(a -> now - window(a).toMillis());
    }

    /** The upper bound on created_at implied by the age choice, if any. */
    public Optional<Long> createdBefore(long now) {
        return age.filter(a -> a.startsWith("gt")).map(a -> now - window(a).toMillis());
    }

    /** The filter as query parameters, for links that keep it (pagination). */
    public Map<String, String> asParams() {
        Map<String, String> params = new LinkedHashMap<>();
        status.ifPresent(v -> params.put("status", v));
        tenant.ifPresent(v -> params.put("tenant", v));
        subject.ifPresent(v -> params.put("subject", v));
        server.ifPresent(v -> params.put("server", v));
        issuer.ifPresent(v -> params.put("issuer", v));
        client.ifPresent(v -> params.put("client", v));
        age.ifPresent(v -> params.put("age", v));
        return params;
    }

    public boolean isEmpty() {
        return asParams().isEmpty();
    }

    private static Duration window(String age) {
        String amount = age.substring(2);
        long n = Long.parseLong(amount.substring(0, amount.length() - 1));
        return switch (amount.charAt(amount.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Map<String, String> ages() {
        Map<String, String> ages = new LinkedHashMap<>();
        ages.put("lt1h", "Last hour");
        ages.put("lt24h", "Last 24 hours");
        ages.put("lt7d", "Last 7 days");
        ages.put("gt15m", "Older than 15 minutes");
        ages.put("gt1h", "Older than 1 hour");
        ages.put("gt24h", "Older than 24 hours");
        ages.put("gt7d", "Older than 7 days");
        return java.util.Collections.unmodifiableMap(ages);
    }
}
