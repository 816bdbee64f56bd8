package dev.latchkey.assistant;

import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.FlowView;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link AssistantBackend} that answers with every tenant's and subject's servers and connections
 * (flows by tenant, as the flow store reads them), and records what it was asked to start or revoke.
 * Two tenants, {@code a} and {@code b}, each register a GitHub server under the slug {@code github}.
 */
class LooseBackend implements AssistantBackend {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final UpstreamServer GITHUB_A = server("srv_a1", "a", "GitHub", "https://mcp.github.example/mcp", "github");
    static final UpstreamServer NOTION_A = server("srv_a2", "a", "Notion", "https://mcp.notion.example/mcp", "notion");
    static final UpstreamServer GITHUB_B = server("srv_b1", "b", "GitHub", "https://mcp.github.example/mcp", "github");
    static final UpstreamServer LINEAR_B = server("srv_b2", "b", "Linear", "https://mcp.linear.example/mcp", "linear");

    final List<Connection> connections = new ArrayList<>();
    final List<Flow> flows = new ArrayList<>();
    /** {@code tenant/subject/serverId} of the connections the gateway could use now. */
    final Set<String> connected = new HashSet<>();
    final List<String> authorized = new ArrayList<>();
    final List<String> disconnected = new ArrayList<>();

    static GatewayCaller caller(String tenant, String subject, String... servers) {
        return new GatewayCaller(tenant, subject, List.of(servers), "gwt_" + tenant + subject, "lkg_prefix" + subject);
    }

    static UpstreamServer server(String id, String tenant, String name, String url, String slug) {
        return new UpstreamServer(id, tenant, name, url, slug, 0L);
    }

    static Connection connection(String id, String tenant, String subject, UpstreamServer server,
                                 ConnectionStatus status) {
        return new Connection(id, tenant, subject, server.id(), server.slug(), server.url(), server.url(),
                server.url(), "https://as.example", "client", status, List.of("read"), Optional.of("sealed"),
                Optional.of(NOW), true, Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(), 1,
                NOW, NOW);
    }

    /** A connection made through the API for a URL, under a server id of the caller's own choosing. */
    static Connection connectionFor(String id, String tenant, String subject, String serverId, String url) {
        return new Connection(id, tenant, subject, serverId, serverId, url, url, url, "https://as.example", "client",
                ConnectionStatus.ACTIVE, List.of(), Optional.of("sealed"), Optional.empty(), false, Optional.empty(),
                0, Optional.empty(), Optional.empty(), Optional.empty(), 1, NOW, NOW);
    }

    static Flow flow(String id, String tenant, String subject, UpstreamServer server, FlowStatus status) {
        return new Flow(id, tenant, subject, server.id(), server.slug(), server.url(), server.url(), server.url(),
                Optional.empty(), Optional.empty(), List.of(), status, Optional.empty(), id, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), NOW,
                NOW.plusSeconds(600), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public List<UpstreamServer> servers(GatewayCaller caller) {
        return List.of(GITHUB_A, NOTION_A, GITHUB_B, LINEAR_B);
    }

    @Override
    public String gatewayUrl(UpstreamServer server) {
        return "https://latchkey.example/mcp/" + server.slug();
    }

    @Override
    public List<Connection> connections(GatewayCaller caller) {
        return connections;
    }

    @Override
    public boolean connected(GatewayCaller caller, UpstreamServer server) {
        return connected.contains(caller.tenant() + "/" + caller.subject() + "/" + server.id());
    }

    @Override
    public FlowStarter.Started authorize(GatewayCaller caller, UpstreamServer server) {
        authorized.add(caller.tenant() + "/" + caller.subject() + "/" + server.id());
        Flow flow = flow("flw_" + authorized.size(), caller.tenant(), caller.subject(), server, FlowStatus.PENDING);
        String link = "https://latchkey.example/connect/link-" + authorized.size();
        StoredEvent event = new StoredEvent(1, "evt_1", "assistant_mcp_auth_required", caller.tenant(),
                caller.subject(), server.id(), server.slug(), Optional.of(flow.id()), Optional.empty(),
                Optional.empty(), Map.of(), "<message-context>\nAuthURL: " + link + "\n</message-context>", NOW);
        return new FlowStarter.Started(flow, link, event);
    }

    @Override
    public void disconnect(GatewayCaller caller, Connection connection) {
        disconnected.add(caller.tenant() + "/" + caller.subject() + "/" + connection.id());
    }

    @Override
    public Optional<FlowView> flow(GatewayCaller caller, String flowId) {
        return flows.stream().filter(f -> f.id().equals(flowId) && f.tenant().equals(caller.tenant())).findFirst()
                .map(f -> FlowView.of(f, "https://latchkey.example/connect/" + f.id(), null, null));
    }
}
