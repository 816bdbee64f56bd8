package dev.latchkey.flow;

import dev.latchkey.auth.Caller;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.connection.TokenReader;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.protocol.Timeline;
import java.time.Clock;
import java.util.Optional;

/**
 * The one decision behind {@code POST /v1/token} and the MCP gateway: the subject's usable token for
 * a server — from a connection made with the authorization server the server names now — or, when
 * there is none (none at all, revoked, refresh refused, key retired), a new flow whose link and notice
 * go to the user. Bounded per tenant like {@code POST /v1/flows}, as it may discover and start a flow.
 */
public final class ConnectionOrFlow {

    /** What the caller gets. */
    public sealed interface Outcome permits Token, AuthorizationNeeded {
    }

    /** A usable access token (and the connection it came from, should the server refuse it). */
    public record Token(ConnectionService.HandedToken handed) implements Outcome {
    }

    /** No usable connection: a flow was started; its link and notice are for the user. */
    public record AuthorizationNeeded(FlowStarter.Started started) implements Outcome {
    }

    private final FlowStarter starter;
    private final ConnectionService connections;
    private final ServerDiscovery discovery;
    private final Clock clock;
    private final TenantConcurrency starts;

    public ConnectionOrFlow(FlowStarter starter, ConnectionService connections, ServerDiscovery discovery,
                            Clock clock, TenantConcurrency starts) {
        this.starter = starter;
        this.connections = connections;
        this.discovery = discovery;
        this.clock = clock;
        this.starts = starts;
    }

    /** The token, or a started flow ({@code POST /v1/token}). {@code caller} names the tenant the flow is for. */
    public Outcome decide(Caller caller, TokenReader reader, FlowRequests.Valid valid) {
        try (TenantConcurrency.Permit permit = starts.enter(caller.tenant())) {
            Optional<ConnectionService.HandedToken> handed = token(caller, reader, valid);
            if (handed.isPresent()) {
                return new Token(handed.get());
            }
            return new AuthorizationNeeded(starter.start(caller, valid));
        }
    }

    /**
     * The subject's usable token for the server, or empty when a new authorization is needed — without
     * starting a flow, so that the caller decides whether one is worth starting (the gateway starts none
     * for a notification). Not bounded by the flow-start limit: with a connection this is a cached
     * discovery, one read and one decryption.
     */
    public Optional<ConnectionService.HandedToken> token(Caller caller, TokenReader reader, FlowRequests.Valid valid) {
        String resource = ResourceUris.canonical(valid.serverUrl());
        // Only a connection made with the server's current authorization server counts (cached discovery).
        String issuer = currentIssuer(valid);
        try {
            return connections.tokenFor(reader, caller.tenant(), valid.subject(), resource, issuer);
        } catch (Failure e) {
            // A connection that needs a new authorization is answered with a new flow; anything else stands.
            if (!needsAuthorization(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * After the server refused {@code rejected}: one refreshed token, or empty when that is impossible
     * (no refresh token, refresh refused, connection gone) and a new authorization is needed.
     */
    public Optional<ConnectionService.HandedToken> tokenAfterRejection(TokenReader reader,
                                                                      ConnectionService.HandedToken rejected) {
        try {
            return Optional.of(connections.tokenAfterRejection(reader, rejected));
        } catch (Failure e) {
            if (!needsAuthorization(e) && e.kind() != Failure.Kind.NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Starts a flow for the subject and server, within the tenant's flow-start limit. */
    public FlowStarter.Started startFlow(Caller caller, FlowRequests.Valid valid) {
        try (TenantConcurrency.Permit permit = starts.enter(caller.tenant())) {
            return starter.start(caller, valid);
        }
    }

    private static boolean needsAuthorization(Failure e) {
        return e.kind() == Failure.Kind.CONFLICT && "reauthorization_required".equals(e.code());
    }

    /** The issuer the server's protected-resource metadata names now; an unreachable server is a problem, not a 500. */
    private String currentIssuer(FlowRequests.Valid valid) {
        return discovery.discover(valid.serverUrl(), Challenge.NONE, new Timeline(clock)).authorizationServer()
                .issuer();
    }
}
