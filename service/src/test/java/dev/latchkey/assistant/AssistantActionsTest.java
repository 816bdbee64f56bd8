package dev.latchkey.assistant;

import dev.latchkey.assistant.AssistantViews.AuthorizationRequired;
import dev.latchkey.assistant.AssistantViews.Connected;
import dev.latchkey.assistant.AssistantViews.ConnectionEntry;
import dev.latchkey.assistant.AssistantViews.ServerEntry;
import dev.latchkey.connection.ConnectionStatus;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.gateway.servers.UpstreamServer;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.latchkey.assistant.LooseBackend.caller;
import static dev.latchkey.assistant.LooseBackend.connection;
import static dev.latchkey.assistant.LooseBackend.connectionFor;
import static dev.latchkey.assistant.LooseBackend.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tools' scoping, against a deliberately loose backend that answers with every tenant's and
 * subject's rows: whatever the caller sees or changes must still be its tenant's, its subject's,
 * and on a server its token may reach.
 */
class AssistantActionsTest {

    private static final UpstreamServer GITHUB_A = LooseBackend.GITHUB_A;
    private static final UpstreamServer NOTION_A = LooseBackend.NOTION_A;
    private static final UpstreamServer GITHUB_B = LooseBackend.GITHUB_B;

    private final LooseBackend backend = new LooseBackend();
    private final AssistantActions actions = new AssistantActions(backend);

    @Test
    void listsOnlyTheTenantsServersTheTokenMayReach() {
        assertThat(actions.servers(caller("a", "x")).stream().map(ServerEntry::id)).containsExactly("srv_a1", "srv_a2");
        assertThat(actions.servers(caller("b", "x")).stream().map(ServerEntry::id)).containsExactly("srv_b1", "srv_b2");
        assertThat(actions.servers(caller("a", "x", "notion")).stream().map(ServerEntry::id)).containsExactly("srv_a2");
        assertThat(actions.servers(caller("a", "x", "srv_a1")).stream().map(ServerEntry::id)).containsExactly("srv_a1");
        assertThat(actions.servers(caller("a", "x", "linear"))).isEmpty();
        assertThat(actions.servers(caller("a", "x")).get(0).gatewayUrl()).isEqualTo("https://latchkey.example/mcp/github");
    }

    @Test
    void listsOnlyTheSubjectsLiveConnectionsOnReachableServers() {
        backend.connections.add(connection("con_ax_gh", "a", "x", GITHUB_A, ConnectionStatus.ACTIVE));
        backend.connections.add(connection("con_ax_no", "a", "x", NOTION_A, ConnectionStatus.REAUTHORIZATION_REQUIRED));
        backend.connections.add(connection("con_ax_old", "a", "x", NOTION_A, ConnectionStatus.REVOKED));
        backend.connections.add(connection("con_ay_gh", "a", "y", GITHUB_A, ConnectionStatus.ACTIVE));
        backend.connections.add(connection("con_bx_gh", "b", "x", GITHUB_B, ConnectionStatus.ACTIVE));
        // Made through the API for the registered server's URL, under a server id of the caller's own choosing.
        backend.connections.add(connectionFor("con_ax_api", "a", "x", "my-github", GITHUB_A.url()));

        assertThat(ids(actions.connections(caller("a", "x")))).containsExactly("con_ax_gh", "con_ax_no", "con_ax_api");
        assertThat(ids(actions.connections(caller("a", "y")))).containsExactly("con_ay_gh");
        assertThat(ids(actions.connections(caller("b", "x")))).containsExactly("con_bx_gh");
        assertThat(ids(actions.connections(caller("a", "x", "github")))).containsExactly("con_ax_gh", "con_ax_api");
        assertThat(ids(actions.connections(caller("a", "x", "srv_a2")))).containsExactly("con_ax_no");
        assertThat(ids(actions.connections(caller("a", "z")))).isEmpty();
    }

    @Test
    void connectStartsOrReusesTheSubjectsFlowForAReachableServerOnly() {
        AssistantViews.ConnectOutcome outcome = actions.connect(caller("a", "x"), "github");
        assertThat(outcome).isInstanceOf(AuthorizationRequired.class);
        AuthorizationRequired needed = (AuthorizationRequired) outcome;
        assertThat(needed.flowId()).isEqualTo("flw_1");
        assertThat(needed.authorizationUrl()).isEqualTo("https://latchkey.example/connect/link-1");
        assertThat(needed.notice()).startsWith("<message-context>");
        assertThat(backend.authorized).containsExactly("a/x/srv_a1");

        // By id, or by its gateway URL, the same server.
        actions.connect(caller("a", "x"), "srv_a2");
        actions.connect(caller("a", "x"), "https://latchkey.example/mcp/github/");
        assertThat(backend.authorized).containsExactly("a/x/srv_a1", "a/x/srv_a2", "a/x/srv_a1");

        assertThatThrownBy(() -> actions.connect(caller("a", "x"), "linear")).isInstanceOf(AssistantException.class)
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> actions.connect(caller("a", "x"), "srv_b1"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> actions.connect(caller("a", "x", "notion"), "github"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_ALLOWED);
        assertThatThrownBy(() -> actions.connect(caller("a", "x"), " "))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> actions.connect(caller("a", "x"), "github' OR 1=1"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.INVALID_ARGUMENT);
        assertThat(backend.authorized).hasSize(3);

        backend.connected.add("a/y/srv_a1");
        assertThat(actions.connect(caller("a", "y"), "github")).isInstanceOf(Connected.class);
        assertThat(actions.connect(caller("b", "y"), "github")).isInstanceOf(AuthorizationRequired.class);
        assertThat(backend.authorized).containsExactly("a/x/srv_a1", "a/x/srv_a2", "a/x/srv_a1", "b/y/srv_b1");
    }

    @Test
    void disconnectRevokesOnlyTheSubjectsConnectionsToThatServer() {
        backend.connections.add(connection("con_ax_gh", "a", "x", GITHUB_A, ConnectionStatus.ACTIVE));
        backend.connections.add(connectionFor("con_ax_api", "a", "x", "my-github", GITHUB_A.url()));
        backend.connections.add(connection("con_ax_no", "a", "x", NOTION_A, ConnectionStatus.ACTIVE));
        backend.connections.add(connection("con_ax_old", "a", "x", GITHUB_A, ConnectionStatus.REVOKED));
        backend.connections.add(connection("con_ay_gh", "a", "y", GITHUB_A, ConnectionStatus.ACTIVE));
        backend.connections.add(connection("con_bx_gh", "b", "x", GITHUB_B, ConnectionStatus.ACTIVE));

        assertThat(actions.disconnect(caller("a", "x"), "github").connections()).isEqualTo(2);
        assertThat(backend.disconnected).containsExactly("a/x/con_ax_gh", "a/x/con_ax_api");
        assertThat(actions.disconnect(caller("a", "z"), "github").connections()).isZero();
        assertThatThrownBy(() -> actions.disconnect(caller("a", "y", "notion"), "github"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_ALLOWED);
        assertThat(backend.disconnected).containsExactly("a/x/con_ax_gh", "a/x/con_ax_api");
    }

    @Test
    void flowStatusShowsOnlyTheSubjectsFlowsOnReachableServers() {
        backend.flows.add(flow("flw_ax", "a", "x", GITHUB_A, FlowStatus.PENDING));
        backend.flows.add(flow("flw_ay", "a", "y", GITHUB_A, FlowStatus.AUTHORIZED));

        AssistantViews.FlowEntry mine = actions.flowStatus(caller("a", "x"), "flw_ax");
        assertThat(mine.status()).isEqualTo("pending");
        assertThat(mine.authorizationUrl()).isEqualTo("https://latchkey.example/connect/flw_ax");
        assertThat(actions.flowStatus(caller("a", "y"), " flw_ay ").status()).isEqualTo("authorized");

        assertThatThrownBy(() -> actions.flowStatus(caller("a", "y"), "flw_ax")).isInstanceOf(AssistantException.class)
                .hasMessageContaining("No flow flw_ax");
        assertThatThrownBy(() -> actions.flowStatus(caller("b", "x"), "flw_ax"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> actions.flowStatus(caller("a", "x", "notion"), "flw_ax"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> actions.flowStatus(caller("a", "x"), "../flw_ax"))
                .extracting(e -> ((AssistantException) e).kind()).isEqualTo(AssistantException.Kind.INVALID_ARGUMENT);
    }

    private static List<String> ids(List<ConnectionEntry> entries) {
        return entries.stream().map(ConnectionEntry::id).toList();
    }
}
