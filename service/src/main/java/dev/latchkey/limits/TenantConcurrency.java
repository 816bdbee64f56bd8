package dev.latchkey.limits;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of one kind of slow work (flow starts, parked long polls, webhook sends) each tenant
 * has in progress on this instance, bounded per tenant so that one tenant cannot take the threads
 * or slots the others need. A tenant's entry goes when its count returns to zero.
 */
public final class TenantConcurrency {

    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private final int limit;
    private final String what;
    private final Runnable refused;

    /** {@code limit} 0: no bound. {@code what} names the work in the problem (e.g. "flow starts"). */
    public TenantConcurrency(int limit, String what) {
        this(limit, what, () -> { });
    }

    /** As above; {@code refused} runs for each request {@link #enter} refuses (a metric counts them). */
    public TenantConcurrency(int limit, String what, Runnable refused) {
        this.limit = limit;
        this.what = what;
        this.refused = refused;
    }

    /** Counts one more for the tenant unless it is at the bound. */
    public boolean tryEnter(String tenant) {
        boolean[] entered = {false};
        inProgress.compute(tenant, (t, n) -> {
            int now = n == null ? 0 : n;
            if (limit > 0 && now >= limit) {
                return n;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    /** As {@link #tryEnter}, or the 429 {@code too_many_concurrent} problem. Close the permit when done. */
    public Permit enter(String tenant) {
        if (!tryEnter(tenant)) {
            refused.run();
            throw LimitProblems.tooManyConcurrent(what, limit);
        }
        return () -> leave(tenant);
    }

    public void leave(String tenant) {
        inProgress.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
    }

    public boolean isFull(String tenant) {
        return limit > 0 && inProgress.getOrDefault(tenant, 0) >= limit;
    }

    /** The tenants at their bound now. */
    public Set<String> full() {
        if (limit <= 0) {
            return Set.of();
        }
        Set<String> full = new HashSet<>();
        inProgress.forEach((tenant, n) -> {
            if (n >= limit) {
                full.add(tenant);
            }
        });
        return full;
    }

    /** A counted piece of work; closing it twice counts it out twice, so close it once. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
