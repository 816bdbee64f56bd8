package dev.latchkey.limits;

import dev.latchkey.auth.Caller;
import dev.latchkey.metrics.DomainMetrics;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The per-API-key rate limit. It runs right after authentication, so it counts only requests
 * that proved the key (a stranger who knows a key's public prefix cannot spend its tokens), and it
 * is keyed by that prefix, the key's public id. Memory only: no database write per request.
 */
@Priority(Priorities.AUTHENTICATION + 1)
public final class ApiRateLimitFilter implements ContainerRequestFilter {

    /** More than any deployment has keys; a bucket dropped under pressure only starts full again. */
    private static final long MAX_KEYS = 100_000;

    private final TokenBuckets buckets;
    private final DomainMetrics metrics;

    public ApiRateLimitFilter(LimitsFactory.Rate rate) {
        this(rate, DomainMetrics.unexported());
    }

    public ApiRateLimitFilter(LimitsFactory.Rate rate, DomainMetrics metrics) {
        this.buckets = new TokenBuckets(rate, MAX_KEYS, System::nanoTime);
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security != null && security.getUserPrincipal() instanceof Caller caller) {
            buckets.take(caller.keyPrefix()).ifPresent(wait -> {
                metrics.limitRefused(DomainMetrics.Limit.API_RATE);
                throw LimitProblems.rateLimited(wait);
            });
        }
    }
}
