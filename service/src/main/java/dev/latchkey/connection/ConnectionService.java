package dev.latchkey.connection;

import dev.latchkey.audit.AuditBatcher;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.event.EventWriter;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.metrics.DomainMetrics.TokenFetch;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.SealedValueException;
import dev.latchkey.store.Cursor;
import dev.latchkey.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/** A tenant's connections: read them, hand out fresh access tokens, disconnect. */
public final class ConnectionService {

    private final ConnectionStore store;
    private final TokenVault vault;
    private final TokenRefresher refresher;
    private final Revoker revoker;
    private final EventWriter events;
    private final AuditLog audit;
    private final AuditBatcher tokenReads;
    private final Duration skew;
    private final Clock clock;
    private final DomainMetrics metrics;

    public ConnectionService(ConnectionStore store, TokenVault vault, TokenRefresher refresher, Revoker revoker,
                             EventWriter events, AuditLog audit, AuditBatcher tokenReads, Duration skew, Clock clock) {
        this(store, vault, refresher, revoker, events, audit, tokenReads, skew, clock, DomainMetrics.unexported());
    }

    public ConnectionService(ConnectionStore store, TokenVault vault, TokenRefresher refresher, Revoker revoker,
                             EventWriter events, AuditLog audit, AuditBatcher tokenReads, Duration skew, Clock clock,
                             DomainMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.vault = vault;
        this.refresher = refresher;
        this.revoker = revoker;
        this.events = events;
        this.audit = audit;
        this.tokenReads = tokenReads;
        this.skew = skew;
        this.clock = clock;
    }

    public Connection get(Caller caller, String id) {
        return find(caller.tenant(), id);
    }

    public Page<Connection> list(Caller caller, Optional<String> subject, Optional<String> resource,
                                 Optional<ConnectionStatus> status, String cursor, int limit) {
        Cursor position = Cursor.decodeOrNewest(cursor);
        List<Connection> rows = store.page(caller.tenant(), position.at(), position.id(), subject, resource, status,
                limit + 1);
        return Page.fromLookahead(rows, limit, row -> new Cursor(row.createdAt().toEpochMilli(), row.id()));
    }

    /**
     * A usable access token: the stored one while it is fresh (one read, one decryption), else
     * refreshed once — however many callers ask at the same time. Each token handed out is audited
     * through the batcher, off this path (never the token itself).
     */
    public AccessTokenView token(Caller caller, String id) {
        Connection connection = get(caller, id);
        requireActive(connection);
        if (connection.dpopBound()) {
            throw dpopBound(connection);
        }
        return handOut(connection, TokenReader.apiKey(caller), false);
    }

    /**
     * The REST answer for a DPoP-bound connection: its token works only with proofs of Latchkey's DPoP key,
     * which never leaves Latchkey, so it is of no use to the caller (and useless if stolen) — the gateway
     * uses it instead.
     */
    public static Failure dpopBound(Connection connection) {
        return Failure.conflict("dpop_bound", "This connection's tokens are bound to Latchkey's DPoP key (RFC 9449)"
                + " and cannot be used without it; call the server through the MCP gateway (/mcp/{slug}) instead.")
                .concerningConnection(connection.id());
    }

    /**
     * An access token for the subject's connection to a resource, made with the authorization server
     * {@code issuer} names now (the MCP gateway's way in: it knows the user and the server, not the
     * connection): the same freshness, single-flight refresh and audit as {@link #token}, never the
     * refresh token. Empty when the subject has no active connection there; a connection whose tokens
     * cannot be used any more (refresh rejected, key retired) throws the {@code reauthorization_required}
     * conflict, like {@link #token}.
     */
    public Optional<HandedToken> tokenFor(TokenReader reader, String tenant, String subject, String resource,
                                          String issuer) {
        Optional<Connection> active = store.findForResource(tenant, subject, resource).stream()
                .filter(c -> c.status() == ConnectionStatus.ACTIVE && c.tokensSealed().isPresent()
                        && c.issuer().equals(issuer))
                .findFirst();
        return active.map(connection -> new HandedToken(connection, handOut(connection, reader, false)));
    }

    /**
     * After the resource server refused {@code rejected} (401): a refreshed token, once — however many
     * callers report the same rejection at the same time, one refresh, and a token stored since (by
     * another refresh or a new authorization) is taken as it is. A connection without a refresh token,
     * or whose refresh is refused, throws the {@code reauthorization_required} conflict.
     */
    public HandedToken tokenAfterRejection(TokenReader reader, HandedToken rejected) {
        Connection connection = store.find(rejected.connection().tenant(), rejected.connection().id())
                .orElseThrow(() -> Failure.notFound("not_found", "Connection was not found."));
        requireActive(connection);
        boolean refreshedMeanwhile = connection.version() != rejected.connection().version();
        return new HandedToken(connection, handOut(connection, reader, !refreshedMeanwhile));
    }

    /** A token handed out for a connection, with the connection as it was read (for a later rejection). */
    public record HandedToken(Connection connection, AccessTokenView token) {
        @Override
        public String toString() {
            return "HandedToken[" + connection.id() + "]";
        }
    }

    private AccessTokenView handOut(Connection connection, TokenReader reader, boolean rejectedUpstream) {
        TokenSet tokens;
        boolean fresh;
        try {
            tokens = opened(connection);
            fresh = !rejectedUpstream
                    && tokens.expiresAt().map(at -> at.isAfter(clock.instant().plus(skew))).orElse(true);
            if (rejectedUpstream) {
                tokens = refresher.refreshRejected(connection);
            } else if (!fresh) {
                tokens = refresher.refresh(connection);
            }
        } catch (RuntimeException e) {
            metrics.tokenFetched(TokenFetch.FAILED);
            throw e;
        }
        metrics.tokenFetched(fresh ? TokenFetch.FRESH : TokenFetch.REFRESHED);
        tokenReads.record(reader.type(), reader.actor(), connection.tenant(), "connection.token_read",
                "connection", connection.id(), AuditEntry.Outcome.SUCCESS, fresh ? null
                        : rejectedUpstream ? "refreshed first: the resource server refused the token" : "refreshed first");
        return new AccessTokenView(connection.id(), tokens.accessToken(), tokens.tokenType(),
                tokens.expiresAt().orElse(null), tokens.scopes());
    }

    /** Tokens sealed with a key that was since retired (or damaged) are lost: the user authorizes again. */
    private TokenSet opened(Connection connection) {
        try {
            return vault.open(connection.tokensSealed().orElseThrow(), connection.tokenAad());
        } catch (SealedValueException e) {
            throw Failure.conflict("reauthorization_required", "The stored tokens of this connection can no longer"
                    + " be opened (their encryption key was retired); start a new flow (POST /v1/flows) to authorize"
                    + " again.").concerningConnection(connection.id());
        }
    }

    /** Disconnects: revokes upstream where possible (bounded), then destroys the local tokens. */
    public Connection disconnect(Caller caller, String id) {
        return disconnect(caller.tenant(), id, AuditEntry.ActorType.API_KEY, actor(caller));
    }

    /**
     * {@link #disconnect(Caller, String)} for a caller that is not an API key (an MCP client with its
     * gateway token), audited as {@code actorType} / {@code actor}.
     */
    public Connection disconnect(String tenant, String id, AuditEntry.ActorType actorType, String actor) {
        Connection connection = find(tenant, id);
        if (connection.status() != ConnectionStatus.REVOKED) {
            destroy(connection, "disconnected", handle -> audit.record(handle, actorType, actor, tenant,
                    "connection.revoke", "connection", connection.id(), AuditEntry.Outcome.SUCCESS, null));
        }
        return find(tenant, id);
    }

    private Connection find(String tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> Failure.notFound("not_found", "Connection was not found."));
    }

    /**
     * An operator's disconnect, in any tenant: the same upstream revocation, event and local
     * destruction, audited as the operator. False when the connection is unknown or already revoked.
     */
    public boolean disconnectByOperator(String id, String operator) {
        Optional<Connection> found = store.find(id);
        if (found.isEmpty() || found.get().status() == ConnectionStatus.REVOKED) {
            return false;
        }
        Connection connection = found.get();
        return destroy(connection, "disconnected by operator " + operator, handle -> audit.record(handle,
                AuditEntry.ActorType.OPERATOR, operator, connection.tenant(), "connection.revoke", "connection",
                connection.id(), AuditEntry.Outcome.SUCCESS, null));
    }

    /** Revokes upstream, then in one transaction: tokens gone, the event, and {@code alongside}; false if revoked meanwhile. */
    private boolean destroy(Connection connection, String why, Consumer<Handle> alongside) {
        String outcome = connection.tokensSealed().map(sealed -> revokeUpstream(connection, sealed))
                .orElse("no tokens held");
        String reason = why + "; " + outcome;
        return store.revoke(connection, reason.length() > 600 ? reason.substring(0, 600) : reason, clock.millis(),
                events, alongside);
    }

    private String revokeUpstream(Connection connection, String sealed) {
        TokenSet tokens;
        try {
            tokens = vault.open(sealed, connection.tokenAad());
        } catch (RuntimeException e) {
            return "not revoked upstream: the stored tokens could not be opened";
        }
        return revoker.revoke(connection, tokens);
    }

    private static String actor(Caller caller) {
        return "lk_" + caller.keyPrefix();
    }

    private static void requireActive(Connection connection) {
        if (connection.status() != ConnectionStatus.ACTIVE || connection.tokensSealed().isEmpty()) {
            throw Failure.conflict("reauthorization_required", "This connection is " + connection.status().code()
                    + "; start a new flow (POST /v1/flows) to authorize again.").concerningConnection(connection.id());
        }
    }
}
