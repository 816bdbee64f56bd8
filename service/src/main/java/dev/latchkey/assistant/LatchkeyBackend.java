package dev.latchkey.assistant;

import dev.latchkey.audit.AuditEntry;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.flow.ConnectionOrFlow;
import dev.latchkey.flow.FlowRequests;
import dev.latchkey.flow.FlowService;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowView;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.protocol.Failure;
import dev.latchkey.store.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link AssistantBackend} over Latchkey's own services: the server registry, the subject's
 * connections, the "connection or new flow" decision the gateway uses, and the flows.
 */
public final class LatchkeyBackend implements AssistantBackend {

    /** Rows per page read from a store; a tenant's list is read whole, up to {@link #MAX_ROWS}. */
    private static final int PAGE = 100;
    static final int MAX_ROWS = 1_000;

    private final UpstreamServers servers;
    private final ConnectionService connections;
    private final ConnectionOrFlow decision;
    private final FlowService flows;

    public LatchkeyBackend(UpstreamServers servers, ConnectionService connections, ConnectionOrFlow decision,
                           FlowService flows) {
        this.servers = servers;
        this.connections = connections;
        this.decision = decision;
        this.flows = flows;
    }

    @Override
    public List<UpstreamServer> servers(GatewayCaller caller) {
        return readAll(cursor -> servers.listAll(Optional.of(caller.tenant()), Optional.empty(), cursor, PAGE));
    }

    @Override
    public String gatewayUrl(UpstreamServer server) {
        return servers.gatewayUrl(server);
    }

    @Override
    public List<Connection> connections(GatewayCaller caller) {
        return readAll(cursor -> connections.list(caller.asCaller(), Optional.of(caller.subject()), Optional.empty(),
                Optional.empty(), cursor, PAGE));
    }

    @Override
    public boolean connected(GatewayCaller caller, UpstreamServer server) {
        return decision.token(caller.asCaller(), caller.reader(), request(caller, server))
                .isPresent();
    }

    @Override
    public FlowStarter.Started authorize(GatewayCaller caller, UpstreamServer server) {
        return decision.pendingOrStart(caller.asCaller(), request(caller, server));
    }

    @Override
    public void disconnect(GatewayCaller caller, Connection connection) {
        connections.disconnect(caller.tenant(), connection.id(), AuditEntry.ActorType.GATEWAY_TOKEN,
                caller.actor());
    }

    @Override
    public Optional<FlowView> flow(GatewayCaller caller, String flowId) {
        try {
            return Optional.of(flows.get(caller.asCaller(), flowId));
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static <T> List<T> readAll(Function<String, Page<T>> page) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> next = page.apply(cursor);
            all.addAll(next.items());
            cursor = next.nextCursor().orElse(null);
        } while (cursor != null && all.size() < MAX_ROWS);
        return all;
    }

    private static FlowRequests.Valid request(GatewayCaller caller, UpstreamServer server) {
        return caller.flowRequest(URI.create(server.url()), server.id(), "");
    }
}
