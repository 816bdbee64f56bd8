package dev.latchkey.gateway;

import dev.latchkey.connection.ConnectionService;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.flow.FlowRequests;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import java.net.URI;
import java.util.Optional;

/**
 * Decides whether a gateway caller's request can go upstream: the subject's token for the registered
 * server (from {@link ConnectionOrFlow}, the decision {@code POST /v1/token} uses), or "authorize
 * first" — in which case {@link #authorize} starts the flow whose link and notice the client gets.
 */
final class UpstreamAccess {

    private final ConnectionOrFlow decision;

    UpstreamAccess(ConnectionOrFlow decision) {
        this.decision = decision;
    }

    /** The subject's usable upstream token for the server; empty: authorize first. */
    Optional<ConnectionService.HandedToken> token(GatewayCaller caller, UpstreamServer server) {
        return decision.token(caller.asCaller(), caller.reader(), request(caller, server, ""));
    }

    /** After the server refused {@code rejected} (401): a refreshed token once; empty: authorize first. */
    Optional<ConnectionService.HandedToken> afterRejection(GatewayCaller caller,
                                                           ConnectionService.HandedToken rejected) {
        return decision.tokenAfterRejection(caller.reader(), rejected);
    }

    /**
     * The subject's flow for the server (its serverId is the registered server's id): the pending one
     * while nobody has opened its link yet, else a new one. With the upstream's insufficient_scope
     * challenge, a step-up flow: the scopes it asks for are added to the connection's, as for
     * {@code POST /v1/flows} with a {@code wwwAuthenticate}.
     */
    FlowStarter.Started authorize(GatewayCaller caller, UpstreamServer server, Optional<String> stepUpChallenge) {
        if (stepUpChallenge.isPresent()) {
            return decision.startFlow(caller.asCaller(), request(caller, server, stepUpChallenge.get()));
        }
        return decision.pendingOrStart(caller.asCaller(), request(caller, server, ""));
    }

    private static FlowRequests.Valid request(GatewayCaller caller, UpstreamServer server, String challenge) {
        return caller.flowRequest(URI.create(server.url()), server.id(), challenge);
    }
}
