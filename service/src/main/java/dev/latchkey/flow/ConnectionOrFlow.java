package dev.latchkey.flow;

import dev.latchkey.auth.Caller;
import dev.latchkey.connection.ClientCredentialsConnections;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.connection.TokenReader;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.discovery.DiscoveredServer;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.event.EventStore;
import dev.latchkey.event.EventTypes;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.store.Cursor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

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

    /** A pending flow is reused only while this much of its link's life is left. */
    static final Duration REUSE_MARGIN = Duration.ofMinutes(2);

    private final FlowStarter starter;
    private final PendingFlows pending;
    private final ConnectionService connections;
    private final ServerDiscovery discovery;
    private final Clock clock;
    private final TenantConcurrency starts;
    private final Optional<ClientCredentialsConnections> machines;

    /**
     * Finds the subject's reusable pending flow for a server: not opened yet, not a step-up, with
     * {@link #REUSE_MARGIN} left, asking for at least the scopes requested now, with the same context,
     * with its link and notice. Empty: start a new one.
     */
    @FunctionalInterface
    public interface PendingFlows {
        Optional<FlowStarter.Started> reusable(String tenant, FlowRequests.Valid request);

        /** Never reuses: every call starts a flow. */
        static PendingFlows none() {
            return (tenant, request) -> Optional.empty();
        }

        /** Looks in the flow store and the event outbox (the flow's {@code assistant_mcp_auth_required} notice). */
        static PendingFlows in(FlowStore flows, EventStore events, FlowLinks links, Clock clock) {
            return (tenant, request) -> {
                Challenge challenge = Challenge.parse(request.wwwAuthenticate());
                if (challenge.isInsufficientScope()) {
                    return Optional.empty(); // a step-up is a new decision every time
                }
                Set<String> requested = new HashSet<>(request.scopes());
                requested.addAll(challenge.scopes());
                Cursor newest = Cursor.decodeOrNewest(null);
                Instant usableUntil = clock.instant().plus(REUSE_MARGIN);
                return flows.page(tenant, newest.at(), newest.id(), Optional.of(FlowStatus.PENDING),
                                Optional.of(request.subject()), request.serverId(), 5).stream()
                        .filter(flow -> flow.openedAt().isEmpty() && flow.stepUpOf().isEmpty()
                                && flow.serverUrl().equals(request.serverUrl().toString())
                                && flow.expiresAt().isAfter(usableUntil)
                                && flow.scopes().containsAll(requested)
                                && flow.contextJson().equals(request.contextJson()))
                        .findFirst()
                        .flatMap(flow -> events.firstAboutFlow(flow.id(), EventTypes.AUTH_REQUIRED)
                                .map(event -> new FlowStarter.Started(flow, links.landing(flow.linkId()), event)));
            };
        }
    }

    public ConnectionOrFlow(FlowStarter starter, ConnectionService connections, ServerDiscovery discovery,
                            Clock clock, TenantConcurrency starts) {
        this(starter, PendingFlows.none(), connections, discovery, clock, starts, Optional.empty());
    }

    /**
     * With {@code machines}, a subject {@code client:<id>} configured for the server gets
     * client-credentials tokens.
     */
    public ConnectionOrFlow(FlowStarter starter, PendingFlows pending, ConnectionService connections,
                            ServerDiscovery discovery, Clock clock, TenantConcurrency starts,
                            Optional<ClientCredentialsConnections> machines) {
        this.machines = machines;
        this.starter = starter;
        this.pending = pending;
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
            return new AuthorizationNeeded(pending.reusable(caller.tenant(), valid)
                    .orElseGet(() -> starter.start(caller, valid)));
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
        DiscoveredServer server = currentServer(valid);
        String issuer = server.authorizationServer().issuer();
        Optional<ConnectionService.HandedToken> handed;
        try {
            handed = connections.tokenFor(reader, caller.tenant(), valid.subject(), resource, issuer);
        } catch (Failure e) {
            // A connection that needs a new authorization is answered with a new flow; anything else stands.
            if (!needsAuthorization(e)) {
                throw e;
            }
            handed = Optional.empty();
        }
        if (handed.isPresent() || machines.isEmpty()) {
            return handed;
        }
        // A machine client needs no user: its connection is made (again) with the client_credentials grant.
        String slug = ServerNames.slug(valid.serverUrl());
        return machines.get().connect(reader, caller.tenant(), valid.subject(), new ClientCredentialsConnections.Target(
                valid.serverUrl(), valid.serverId().orElse(slug), slug, resource, server.publishedResource(), issuer));
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
            // A machine client's renewal was refused: a new grant (or its refusal), never a user's flow.
            Connection was = rejected.connection();
            return machines.flatMap(m -> m.connect(reader, was.tenant(), was.subject(),
                    new ClientCredentialsConnections.Target(URI.create(was.serverUrl()), was.serverId(),
                            was.serverSlug(), was.resource(), was.publishedResource(), was.issuer())));
        }
    }

    /** Starts a flow for the subject and server, within the tenant's flow-start limit. */
    public FlowStarter.Started startFlow(Caller caller, FlowRequests.Valid valid) {
        try (TenantConcurrency.Permit permit = starts.enter(caller.tenant())) {
            return starter.start(caller, valid);
        }
    }

    /**
     * The subject's pending flow for the server when one can still be used (nobody opened its link
     * yet; it has some life left; same scopes and context), else a new one: a caller that asks again
     * and again before the user has authorized gets the same link, not a flow per request.
     */
    public FlowStarter.Started pendingOrStart(Caller caller, FlowRequests.Valid valid) {
        return pending(caller, valid).orElseGet(() -> startFlow(caller, valid));
    }

    /** The subject's pending flow that {@link #pendingOrStart} would reuse, if any. */
    public Optional<FlowStarter.Started> pending(Caller caller, FlowRequests.Valid valid) {
        return pending.reusable(caller.tenant(), valid);
    }

    private static boolean needsAuthorization(Failure e) {
        return e.kind() == Failure.Kind.CONFLICT && "reauthorization_required".equals(e.code());
    }

    /** The server as its protected-resource metadata describes it now; an unreachable server is a problem, not a 500. */
    private DiscoveredServer currentServer(FlowRequests.Valid valid) {
        return discovery.discover(valid.serverUrl(), Challenge.NONE, new Timeline(clock));
    }
}
