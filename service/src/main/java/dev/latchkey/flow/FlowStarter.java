package dev.latchkey.flow;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import dev.latchkey.auth.Caller;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionDao;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.discovery.DiscoveredServer;
import dev.latchkey.discovery.ResourceUris;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.registration.RegisteredClient;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Starts a flow: discovery, registration, PKCE and sealed state, the authorization URL behind
 * Latchkey's own landing link, and — in one transaction — the pending flow and its event.
 */
public final class FlowStarter {

    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final StateCodec states;
    private final Sealer sealer;
    private final FlowStore store;
    private final StepUpPolicy stepUps;
    private final Jdbi jdbi;
    private final FlowLinks links;
    private final Duration stateTtl;
    private final Clock clock;

    public FlowStarter(ServerDiscovery discovery, ClientRegistry clients, StateCodec states, Sealer sealer,
                       FlowStore store, StepUpPolicy stepUps, Jdbi jdbi, FlowLinks links, Duration stateTtl,
                       Clock clock) {
        this.discovery = discovery;
        this.clients = clients;
        this.states = states;
        this.sealer = sealer;
        this.store = store;
        this.stepUps = stepUps;
        this.jdbi = jdbi;
        this.links = links;
        this.stateTtl = stateTtl;
        this.clock = clock;
    }

    /** The answer to a started flow. */
    public record Started(Flow flow, String authorizationUrl, StoredEvent event) {
    }

    public Started start(Caller caller, FlowRequests.Valid request) {
        String flowId = Ids.mint("flw");
        Instant now = clock.instant();
        Instant expiresAt = now.plus(stateTtl);
        String slug = ServerNames.slug(request.serverUrl());
        String serverId = request.serverId().orElse(slug);
        Challenge challenge = Challenge.parse(request.wwwAuthenticate());
        Timeline timeline = new Timeline(clock);
        String linkId = Ids.randomBase32(32);
        try {
            DiscoveredServer server = discovery.discover(request.serverUrl(), challenge, timeline);
            Optional<Connection> stepUpOf = challenge.isInsufficientScope()
                    ? activeConnection(caller.tenant(), request.subject(), server) : Optional.empty();
            List<String> scopes = ScopeSelection.choose(request.scopes(), challenge,
                    stepUpOf.map(Connection::scopes).orElse(List.of()), server.resourceMetadata(),
                    server.authorizationServer());
            stepUpOf.ifPresent(connection -> stepUps.check(connection, scopes));
            RegisteredClient client = clients.obtain(server.authorizationServer(), links.redirectUri(), timeline);
            String authorizeUrl = authorizationRequest(flowId, server, client, scopes, expiresAt);
            FlowDao.NewFlow row = new FlowDao.NewFlow(flowId, caller.tenant(), request.subject(), serverId, slug,
                    request.serverUrl().toString(), server.resource(), server.authorizationServer().issuer(),
                    client.ref(), String.join(" ", scopes), request.contextJson().orElse(null), linkId,
                    sealer.seal(authorizeUrl, "authorize:" + flowId), stepUpOf.map(Connection::id).orElse(null),
                    now.toEpochMilli(), expiresAt.toEpochMilli());
            String landing = links.landing(linkId);
            StoredEvent event = store.createPending(row, timeline.steps(), landing);
            Flow flow = jdbi.withExtension(FlowDao.class, dao -> dao.find(flowId)).orElseThrow();
            return new Started(flow, landing, event);
        } catch (FlowFailure failure) {
            store.createFailed(new FlowDao.NewFlow(flowId, caller.tenant(), request.subject(), serverId, slug,
                    request.serverUrl().toString(), ResourceUris.canonical(request.serverUrl()), null, null,
                    String.join(" ", request.scopes()), request.contextJson().orElse(null), linkId, null, null,
                    now.toEpochMilli(), expiresAt.toEpochMilli()), timeline.steps(), failure);
            throw new ProblemException(Problem.of(failure.httpStatus(), failure.code(), "The flow could not start",
                    failure.description()).withExtension("flowId", flowId));
        }
    }

    private Optional<Connection> activeConnection(String tenant, String subject, DiscoveredServer server) {
        return jdbi.withExtension(ConnectionDao.class, dao -> dao.findIdentity(tenant, subject, server.resource(),
                        server.authorizationServer().issuer()))
                .filter(connection -> connection.status() == ConnectionStatus.ACTIVE);
    }

    private String authorizationRequest(String flowId, DiscoveredServer server, RegisteredClient client,
                                        List<String> scopes, Instant expiresAt) {
        CodeVerifier verifier = new CodeVerifier();
        var as = server.authorizationServer();
        String state = states.seal(new StateClaims(flowId, verifier.getValue(), as.issuer(),
                as.authorizationResponseIssParameterSupported(), client.ref(), expiresAt));
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(client.clientId()))
                .endpointURI(as.authorizationEndpoint())
                .redirectionURI(links.redirectUri())
                .state(new State(state))
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .resources(URI.create(server.resource()));
        if (!scopes.isEmpty()) {
            builder.scope(new Scope(scopes.toArray(new String[0])));
        }
        return builder.build().toURI().toString();
    }
}
