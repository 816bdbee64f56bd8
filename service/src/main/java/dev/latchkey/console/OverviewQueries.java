package dev.latchkey.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The numbers on the overview page: counts by status, pending flows by age, outcomes per hour. */
public final class OverviewQueries {

    static final long HOUR = 3_600_000L;

    /**
     * The overview's aggregates scan many rows (whole tables, a day of flows), so each is computed
     * at most this often; the page says so.
     */
    static final Duration TOTALS_MAX_AGE = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Cache<String, Object> recent = Caffeine.newBuilder()
            .expireAfterWrite(TOTALS_MAX_AGE).maximumSize(8).build();

    /** A count with a label and the link that lists what it counts. */
    public record Bucket(String label, long count, String link) {
    }

    /** Flows created in one hour, by final status. */
    public record HourCounts(long start, Map<String, Long> byStatus) {
        public long total() {
            return byStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public OverviewQueries(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Map<String, Long> flowsByStatus() {
        return countBy("SELECT status, COUNT(*) FROM flows GROUP BY status", FlowFilter.STATUSES);
    }

    public Map<String, Long> connectionsByStatus() {
        return countBy("SELECT status, COUNT(*) FROM connections GROUP BY status",
                List.of("active", "reauthorization_required", "revoked"));
    }

    /** Pending flows by how long they have waited for the user. */
    @SuppressWarnings("unchecked")
    public List<Bucket> pendingByAge() {
        return (List<Bucket>) recent.get("pending by age", key -> countPendingByAge());
    }

    private List<Bucket> countPendingByAge() {
        long now = clock.millis();
        return jdbi.withHandle(handle -> List.of(
                new Bucket("Under 5 minutes", pending(handle, now - 300_000L, now + 1), "/console/flows?status=pending"),
                new Bucket("5 to 15 minutes", pending(handle, now - 900_000L, now - 300_000L),
                        "/console/flows?status=pending"),
                new Bucket("15 minutes to 1 hour", pending(handle, now - HOUR, now - 900_000L),
                        "/console/flows?status=pending&age=gt15m"),
                new Bucket("Over 1 hour", pending(handle, 0, now - HOUR), "/console/flows?status=pending&age=gt1h")));
    }

    /** The last 24 whole-or-current hours, oldest first, counting flows by the hour they started in. */
    @SuppressWarnings("unchecked")
    public List<HourCounts> outcomesLast24Hours() {
        return (List<HourCounts>) recent.get("outcomes", key -> countOutcomesLast24Hours());
    }

    private List<HourCounts> countOutcomesLast24Hours() {
        long now = clock.millis();
        long firstHour = (now / HOUR - 23) * HOUR;
        Map<Long, Map<String, Long>> hours = new LinkedHashMap<>();
        for (int i = 0; i < 24; i++) {
            hours.put(firstHour + i * HOUR, new LinkedHashMap<>());
        }
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT bucket, status, COUNT(*) AS n
                        FROM (SELECT (created_at - :first) / 3600000 AS bucket, status
                              FROM flows WHERE created_at >= :first) recent
                        GROUP BY bucket, status""")
                .bind("first", firstHour)
                .map((rs, ctx) -> new Object[] {rs.getLong("bucket"), rs.getString("status"), rs.getLong("n")})
                .forEach(row -> {
                    Map<String, Long> hour = hours.get(firstHour + (Long) row[0] * HOUR);
                    if (hour != null) {
                        hour.merge((String) row[1], (Long) row[2], Long::sum);
                    }
                }));
        return hours.entrySet().stream().map(e -> new HourCounts(e.getKey(), Map.copyOf(e.getValue()))).toList();
    }

    private static long pending(Handle handle, long fromInclusive, long toExclusive) {
        return handle.createQuery("""
                        SELECT COUNT(*) FROM flows
                        WHERE status = 'pending' AND created_at >= :from AND created_at < :to""")
                .bind("from", fromInclusive).bind("to", toExclusive).mapTo(Long.class).one();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> countBy(String sql, List<String> known) {
        return (Map<String, Long>) recent.get(sql, key -> countNow(key, known));
    }

    private Map<String, Long> countNow(String sql, List<String> known) {
        Map<String, Long> counts = new LinkedHashMap<>();
        known.forEach(status -> counts.put(status, 0L));
        jdbi.useHandle(handle -> handle.createQuery(sql)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return java.util.Collections.unmodifiableMap(counts);
    }
}
