package dev.latchkey.flow;

import dev.latchkey.auth.Caller;
import dev.latchkey.authorization.AuthorizationRequestUrl;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.discovery.DiscoveredServer;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.flow.store.NewFlow;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Starts a flow: discovery, registration, the authorization URL behind Latchkey's own landing link
 * (state and PKCE are added when the link is opened), and — atomically — the pending flow, its
 * first steps and its event. Provider
 * plugins see the work through the timeline's {@link ProviderScope} and shape the authorization
 * request (recorded as its own step, naming them).
 */
public final class FlowStarter {

    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final FlowStore store;
    private final StepUpPolicy stepUps;
    private final ConnectionStore connections;
    private final FlowLinks links;
    private final Duration stateTtl;
    private final Clock clock;
    private final ProviderHooks hooks;
    private final DomainMetrics metrics;

    public FlowStarter(ServerDiscovery discovery, ClientRegistry clients, FlowStore store, StepUpPolicy stepUps,
                       ConnectionStore connections, FlowLinks links, Duration stateTtl, Clock clock) {
        this(discovery, clients, store, stepUps, connections, links, stateTtl, clock, ProviderHooks.none(),
                DomainMetrics.unexported());
    }

    public FlowStarter(ServerDiscovery discovery, ClientRegistry clients, FlowStore store, StepUpPolicy stepUps,
                       ConnectionStore connections, FlowLinks links, Duration stateTtl, Clock clock,
                       ProviderHooks hooks, DomainMetrics metrics) {
        this.hooks = hooks;
        this.metrics = metrics;
        this.discovery = discovery;
        this.clients = clients;
        this.store = store;
        this.stepUps = stepUps;
        this.connections = connections;
        this.links = links;
        this.stateTtl = stateTtl;
        this.clock = clock;
    }

    /** The answer to a started flow. */
    public record Started(Flow flow, String authorizationUrl, StoredEvent event) {
    }

    public Started start(Caller caller, FlowRequests.Valid request) {
        long began = System.nanoTime();
        String flowId = Ids.mint("flw");
        Instant now = clock.instant();
        Instant expiresAt = now.plus(stateTtl);
        String slug = ServerNames.slug(request.serverUrl());
        String serverId = request.serverId().orElse(slug);
        Challenge challenge = Challenge.parse(request.wwwAuthenticate());
        Timeline timeline = new Timeline(clock, ProviderScope.of(request.serverUrl(),
                ResourceUris.canonical(request.serverUrl()), flowId, caller.tenant()));
        // 160 random bits behind the time: the link index grows at its right edge, not on a random page.
        String linkId = Ids.secretLink(32);
        try {
            DiscoveredServer server = discovery.discover(request.serverUrl(), challenge, timeline);
            Optional<Connection> held = activeConnection(caller.tenant(), request.subject(), server);
            if (held.isPresent() && !challenge.isInsufficientScope()) {
                // The subject holds tokens from this authorization server and needs a new authorization
                // all the same: the server refused them, and may have moved to another one (SEP-2352).
                server = discovery.rediscover(request.serverUrl(), challenge, timeline);
            }
            Optional<Connection> stepUpOf = challenge.isInsufficientScope() ? held : Optional.empty();
            List<String> scopes = ScopeSelection.choose(request.scopes(), challenge,
                    stepUpOf.map(Connection::scopes).orElse(List.of()), server.resourceMetadata(),
                    server.authorizationServer());
            stepUpOf.ifPresent(connection -> stepUps.check(connection, scopes));
            RegisteredClient client = clients.obtain(server.authorizationServer(), links.redirectUri(), timeline);
            AuthorizationRequestUrl.Prepared prepared = authorizationRequest(flowId, server, client, scopes, expiresAt,
                    timeline);
            String authorizeUrl = prepared.url();
            NewFlow row = NewFlow.builder(flowId, caller.tenant(), request.subject())
                    .server(serverId, slug, request.serverUrl().toString(), server.resource())
                    .publishedResource(server.publishedResource())
                    .authorizationServer(server.authorizationServer().issuer(), client.ref(),
                            server.authorizationServer().authorizationResponseIssParameterSupported())
                    .scopes(String.join(" ", prepared.scopes()))
                    .contextJson(request.contextJson().orElse(null))
                    .linkId(linkId)
                    .authorizeBaseUrl(authorizeUrl)
                    .stepUpOf(stepUpOf.map(Connection::id).orElse(null))
                    .lifetime(now.toEpochMilli(), expiresAt.toEpochMilli())
                    .build();
            String landing = links.landing(linkId);
            StoredEvent event = store.createPending(row, timeline.steps(), landing);
            metrics.flowStarted(Duration.ofNanos(System.nanoTime() - began));
            return new Started(Flow.pending(row), landing, event);
        } catch (Failure failure) {
            if (failure.kind() == Failure.Kind.CONFLICT) {
                // The caller's own connection refuses the start (step-up limit): no flow was begun, none is recorded.
                throw failure;
            }
            NewFlow row = NewFlow.builder(flowId, caller.tenant(), request.subject())
                    .server(serverId, slug, request.serverUrl().toString(), ResourceUris.canonical(request.serverUrl()))
                    .scopes(String.join(" ", request.scopes()))
                    .contextJson(request.contextJson().orElse(null))
                    .linkId(linkId)
                    .lifetime(now.toEpochMilli(), expiresAt.toEpochMilli())
                    .build();
            store.createFailed(row, timeline.steps(), failure);
            metrics.flowStartFailed(failure.code(), Duration.ofNanos(System.nanoTime() - began));
            throw failure.endingFlow(flowId);
        }
    }

    private Optional<Connection> activeConnection(String tenant, String subject, DiscoveredServer server) {
        return connections.findIdentity(tenant, subject, server.resource(), server.authorizationServer().issuer())
                .filter(connection -> connection.status() == ConnectionStatus.ACTIVE);
    }

    private AuthorizationRequestUrl.Prepared authorizationRequest(String flowId, DiscoveredServer server,
                                                           RegisteredClient client, List<String> scopes,
                                                           Instant expiresAt, Timeline timeline) {
        var as = server.authorizationServer();
        // state and the PKCE challenge are added when the link is opened (AuthorizationRedirect).
        Timeline.Recorder step = timeline.start(Timeline.AUTHORIZATION_REQUEST).tried(as.authorizationEndpoint());
        try {
            AuthorizationRequestUrl.Prepared prepared = AuthorizationRequestUrl.prepare(
                    new AuthorizationRequestUrl.Parts(as.authorizationEndpoint(), client.clientId(),
                            client.redirectUri(), scopes, server.publishedResource()),
                    proposal -> hooks.customizeAuthorization(proposal,
                            timeline.scope().orElseThrow().withIssuer(as.issuer()), step::plugin));
            step.ok(prepared.scopes().isEmpty() ? "no scope requested" : "scopes " + String.join(" ", prepared.scopes()));
            return prepared;
        } catch (Failure failure) {
            step.failed(failure);
            throw failure;
        }
    }
}
