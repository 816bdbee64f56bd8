package dev.latchkey.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much a stream of rejected callbacks may write. Anyone can call {@code /oauth/callback}; a
 * forged, replayed or wrong-browser response is recorded on its flow's timeline and in the audit
 * log, but only the first few per flow (and per kind, for responses naming no flow) in a window,
 * so junk cannot grow storage without bound. What is left out is counted in the log.
 */
final class CallbackNoise {

    static final int PER_WINDOW = 5;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(CallbackNoise.class);

    private final Cache<String, AtomicInteger> counts = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW).maximumSize(100_000).build();

    /** Whether this rejected response may still be written down for {@code flowId} (null: no flow). */
    boolean record(String kind, String flowId) {
        String key = kind + " " + (flowId == null ? "-" : flowId);
        int seen = counts.get(key, k -> new AtomicInteger()).incrementAndGet();
        if (seen == PER_WINDOW + 1) {
            LOG.warn("more than {} rejected callbacks ({}) for {} within {} min; not recording the rest", PER_WINDOW,
                    kind, flowId == null ? "no flow" : flowId, WINDOW.toMinutes());
        }
        return seen <= PER_WINDOW;
    }
}
