package dev.latchkey.connection;

import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.metrics.DomainMetrics.SingleFlightWait;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.TokenSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single flight for refreshes: within this process, concurrent callers for one connection share one
 * refresh; across processes, {@link RefreshLease} lets exactly one instance call the token endpoint
 * while the others wait for its result.
 */
public final class TokenRefresher {

    private final RefreshLease lease;
    private final Duration maxWait;
    private final Map<String, CompletableFuture<TokenSet>> inFlight = new ConcurrentHashMap<>();
    private final DomainMetrics metrics;

    public TokenRefresher(RefreshLease lease, Duration maxWait) {
        this(lease, maxWait, DomainMetrics.unexported());
    }

    public TokenRefresher(RefreshLease lease, Duration maxWait, DomainMetrics metrics) {
        this.lease = lease;
        this.maxWait = maxWait;
        this.metrics = metrics;
    }

    public TokenSet refresh(Connection connection) {
        return refresh(connection, false);
    }

    /**
     * A refresh although the stored access token has not expired: the resource server refused it. A
     * token stored after {@code connection} was read (its version moved) is used as it is.
     */
    public TokenSet refreshRejected(Connection connection) {
        return refresh(connection, true);
    }

    private TokenSet refresh(Connection connection, boolean rejected) {
        CompletableFuture<TokenSet> mine = new CompletableFuture<>();
        CompletableFuture<TokenSet> shared = inFlight.putIfAbsent(connection.id(), mine);
        if (shared != null) {
            metrics.singleFlightWaited(SingleFlightWait.IN_PROCESS);
            return await(shared);
        }
        try {
            mine.complete(rejected ? lease.refreshRejected(connection) : lease.refreshOnce(connection));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(connection.id(), mine);
        }
        return await(mine);
    }

    private TokenSet await(CompletableFuture<TokenSet> future) {
        try {
            return future.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    static Failure busy() {
        return Failure.unavailable("refresh_in_progress", "The access token is being refreshed; try again shortly.")
                .retryAfter(Duration.ofSeconds(1));
    }
}
