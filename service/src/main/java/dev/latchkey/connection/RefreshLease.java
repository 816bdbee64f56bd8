package dev.latchkey.connection;

import dev.latchkey.event.EventWriter;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.metrics.DomainMetrics.RefreshOutcome;
import dev.latchkey.metrics.DomainMetrics.SingleFlightWait;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The cross-instance half of single flight. An instance takes the connection's refresh lease with a
 * conditional update (one winner on any database); the winner refreshes and bumps the version;
 * the others poll until the version moves and use the stored result. Rotating refresh tokens are
 * therefore used exactly once.
 */
public final class RefreshLease {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private final RefreshOutcomeStore outcomes;
    private final ConnectionStore connections;
    private final TokenVault vault;
    private final RefreshCall refreshCall;
    private final Duration skew;
    private final Duration maxWait;
    private final Clock clock;
    private final DomainMetrics metrics;

    public RefreshLease(Jdbi jdbi, ConnectionStore connections, TokenVault vault, RefreshCall refreshCall,
                        EventWriter events, Duration skew, Duration maxWait, Clock clock) {
        this(jdbi, connections, vault, refreshCall, events, skew, maxWait, clock, DomainMetrics.unexported());
    }

    public RefreshLease(Jdbi jdbi, ConnectionStore connections, TokenVault vault, RefreshCall refreshCall,
                        EventWriter events, Duration skew, Duration maxWait, Clock clock, DomainMetrics metrics) {
        this.metrics = metrics;
        this.outcomes = new RefreshOutcomeStore(jdbi, vault, events, clock);
        this.connections = connections;
        this.vault = vault;
        this.refreshCall = refreshCall;
        this.skew = skew;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    public TokenSet refreshOnce(Connection seen) {
        return refresh(seen, false);
    }

    /**
     * Like {@link #refreshOnce}, for a token the resource server refused before its expiry: the tokens
     * stored at {@code seen}'s version do not count as fresh; once the version moved, what is stored wins.
     */
    public TokenSet refreshRejected(Connection seen) {
        return refresh(seen, true);
    }

    private TokenSet refresh(Connection seen, boolean rejected) {
        Instant deadline = clock.instant().plus(maxWait);
        Connection current = seen;
        boolean waited = false;
        while (true) {
            boolean stale = rejected && current.version() == seen.version();
            Optional<TokenSet> fresh = stale ? usable(current) : freshTokens(current);
            if (fresh.isPresent()) {
                return fresh.get();
            }
            requireRefreshable(current);
            if (takeLease(current)) {
                return refreshHoldingLease(current);
            }
            if (clock.instant().isAfter(deadline)) {
                throw TokenRefresher.busy();
            }
            if (!waited) {
                metrics.singleFlightWaited(SingleFlightWait.LEASE);
                waited = true;
            }
            sleep();
            current = reload(current.id());
        }
    }

    private TokenSet refreshHoldingLease(Connection connection) {
        TokenSet tokens = vault.open(connection.tokensSealed().orElseThrow(), connection.tokenAad());
        TokenSet refreshed;
        boolean stored;
        try {
            refreshed = tokens.refreshedWith(refreshCall.refresh(connection, tokens));
            stored = outcomes.succeeded(connection, refreshed);
        } catch (Failure e) {
            // Each outcome statement also gives up the lease.
            if (e.kind() == Failure.Kind.REJECTED) {
                outcomes.rejected(connection, e);
                metrics.refreshed(RefreshOutcome.REJECTED);
                throw reauthorizationRequired(connection, e.summary());
            }
            Duration backoff = outcomes.failedTemporarily(connection, e);
            metrics.refreshed(RefreshOutcome.UNAVAILABLE);
            throw unavailable(backoff, e.description());
        } catch (RuntimeException e) {
            outcomes.releaseLease(connection);
            throw e;
        }
        if (!stored) {
            // Re-authorized or disconnected while we refreshed: what is stored now wins; ask again.
            outcomes.releaseLease(connection);
            metrics.refreshed(RefreshOutcome.SUPERSEDED);
            throw TokenRefresher.busy();
        }
        metrics.refreshed(RefreshOutcome.SUCCESS);
        return refreshed;
    }

    private Optional<TokenSet> freshTokens(Connection connection) {
        if (connection.status() != ConnectionStatus.ACTIVE || connection.tokensSealed().isEmpty()) {
            throw reauthorizationRequired(connection, connection.lastError().orElse("the connection is "
                    + connection.status().code()));
        }
        boolean fresh = connection.accessExpiresAt().map(at -> at.isAfter(clock.instant().plus(skew))).orElse(true);
        return fresh ? Optional.of(vault.open(connection.tokensSealed().get(), connection.tokenAad())) : Optional.empty();
    }

    /** Checks that the connection is still usable, without counting its access token as fresh. */
    private Optional<TokenSet> usable(Connection connection) {
        if (connection.status() != ConnectionStatus.ACTIVE || connection.tokensSealed().isEmpty()) {
            throw reauthorizationRequired(connection, connection.lastError().orElse("the connection is "
                    + connection.status().code()));
        }
        return Optional.empty();
    }

    private void requireRefreshable(Connection connection) {
        if (!connection.renewable()) {
            throw reauthorizationRequired(connection, "the access token expired and no refresh token was issued");
        }
        Optional<Instant> backoffUntil = connection.nextRefreshAfter().filter(at -> at.isAfter(clock.instant()));
        if (backoffUntil.isPresent()) {
            throw unavailable(Duration.between(clock.instant(), backoffUntil.get()),
                    "the last refresh failed; retrying after a pause");
        }
    }

    private boolean takeLease(Connection connection) {
        long now = clock.millis();
        return connections.takeRefreshLease(connection, now, now + LEASE.toMillis());
    }

    private Connection reload(String id) {
        return connections.find(id).orElseThrow();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TokenRefresher.busy();
        }
    }

    static Failure reauthorizationRequired(Connection connection, String reason) {
        return Failure.conflict("reauthorization_required", "The connection needs a new authorization (" + reason
                + "); start a flow with POST /v1/flows.").concerningConnection(connection.id());
    }

    static Failure unavailable(Duration retryAfter, String reason) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Failure.unavailable("authorization_server_unavailable", "The token could not be refreshed now ("
                + reason + "); the connection is kept. Retry after " + seconds + " s.")
                .retryAfter(Duration.ofSeconds(seconds));
    }
}
