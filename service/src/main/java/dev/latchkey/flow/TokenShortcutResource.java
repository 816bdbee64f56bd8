package dev.latchkey.flow;

import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import dev.latchkey.auth.Caller;
import dev.latchkey.connection.AccessTokenView;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.protocol.Timeline;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /v1/token {subject, serverUrl}}: the token for that subject's connection to the
 * server, or a 409 {@code authorization_required} that already carries a new flow's link and notice.
 */
@Path("/v1/token")
@Produces(MediaType.APPLICATION_JSON)
public final class TokenShortcutResource {

    /** The request body. */
    public record TokenRequestBody(String subject, String serverUrl) {
    }

    private final ConnectionStore store;
    private final FlowRequests requests;
    private final FlowStarter starter;
    private final ConnectionService connections;
    private final ServerDiscovery discovery;
    private final Clock clock;
    private final TenantConcurrency starts;

    /** {@code starts}: the same per-tenant bound as {@code POST /v1/flows}, as this may discover and start a flow. */
    public TokenShortcutResource(ConnectionStore store, FlowRequests requests, FlowStarter starter,
                                 ConnectionService connections, ServerDiscovery discovery, Clock clock,
                                 TenantConcurrency starts) {
        this.store = store;
        this.requests = requests;
        this.starter = starter;
        this.connections = connections;
        this.discovery = discovery;
        this.clock = clock;
        this.starts = starts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public AccessTokenView token(@Auth Caller caller, TokenRequestBody body) {
        FlowRequests.Valid valid = requests.validate(new StartFlowRequest(body == null ? null : body.serverUrl(),
                body == null ? null : body.subject(), null, null, null, null));
        try (TenantConcurrency.Permit permit = starts.enter(caller.tenant())) {
            return tokenOrNewFlow(caller, valid);
        }
    }

    private AccessTokenView tokenOrNewFlow(Caller caller, FlowRequests.Valid valid) {
        String resource = ResourceUris.canonical(valid.serverUrl());
        // Only a connection made with the server's current authorization server counts (cached discovery).
        String issuer = currentIssuer(valid);
        Optional<Connection> active = store.findForResource(caller.tenant(), valid.subject(), resource).stream()
                .filter(c -> c.status() == ConnectionStatus.ACTIVE && c.issuer().equals(issuer)).findFirst();
        if (active.isPresent()) {
            try {
                return connections.token(caller, active.get().id());
            } catch (Failure e) {
                // A connection that needs a new authorization is answered with a new flow; anything else stands.
                if (e.kind() != Failure.Kind.CONFLICT || !"reauthorization_required".equals(e.code())) {
                    throw e;
                }
            }
        }
        FlowStarter.Started started = starter.start(caller, valid);
        throw new ProblemException(Problem.of(409, "authorization_required", "Authorization required",
                        "The subject has no usable connection to this server; relay the notice so the user can authorize.")
                .withExtension("flowId", started.flow().id())
                .withExtension("authorizationUrl", started.authorizationUrl())
                .withExtension("notice", started.event().notice()));
    }

    /** The issuer the server's protected-resource metadata names now; an unreachable server is a problem, not a 500. */
    private String currentIssuer(FlowRequests.Valid valid) {
        return discovery.discover(valid.serverUrl(), Challenge.NONE, new Timeline(clock)).authorizationServer()
                .issuer();
    }
}
