package dev.latchkey.connection;

import dev.latchkey.protocol.TokenSet;
import dev.latchkey.event.EventWriter;
import dev.latchkey.protocol.Failure;
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

    private final Jdbi jdbi;
    private final TokenVault vault;
    private final RefreshCall refreshCall;
    private final EventWriter events;
    private final Duration skew;
    private final Duration maxWait;
    private final Clock clock;

    public RefreshLease(Jdbi jdbi, TokenVault vault, RefreshCall refreshCall, EventWriter events, Duration skew,
                        Duration maxWait, Clock clock) {
        this.jdbi = jdbi;
        this.vault = vault;
        this.refreshCall = refreshCall;
        this.events = events;
        this.skew = skew;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    public TokenSet refreshOnce(Connection seen) {
        Instant deadline = clock.instant().plus(maxWait);
        Connection current = seen;
        while (true) {
            Optional<TokenSet> fresh = freshTokens(current);
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
            stored = RefreshOutcomes.succeeded(jdbi, vault, connection, refreshed, clock);
        } catch (Failure e) {
            // Each outcome statement also gives up the lease.
            if (e.kind() == Failure.Kind.REJECTED) {
                RefreshOutcomes.rejected(jdbi, connection, e, events, clock);
                throw reauthorizationRequired(connection, e.summary());
            }
            Duration backoff = RefreshOutcomes.failedTemporarily(jdbi, connection, e, clock);
            throw unavailable(backoff, e.description());
        } catch (RuntimeException e) {
            RefreshOutcomes.releaseLease(jdbi, connection);
            throw e;
        }
        if (!stored) {
            // Re-authorized or disconnected while we refreshed: what is stored now wins; ask again.
            RefreshOutcomes.releaseLease(jdbi, connection);
            throw TokenRefresher.busy();
        }
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

    private void requireRefreshable(Connection connection) {
        if (!connection.hasRefreshToken()) {
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
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE connections SET refresh_lease_until = :until
                        WHERE id = :id AND version = :version
                          AND (refresh_lease_until IS NULL OR refresh_lease_until < :now)""")
                .bind("until", now + LEASE.toMillis()).bind("id", connection.id())
                .bind("version", connection.version()).bind("now", now).execute()) == 1;
    }

    private Connection reload(String id) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.find(id)).orElseThrow();
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
