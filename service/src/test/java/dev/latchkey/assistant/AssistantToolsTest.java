package dev.latchkey.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.protocol.Failure;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static dev.latchkey.assistant.LooseBackend.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tools as the MCP SDK calls them: schemas, the two renderings of "authorize first", refusals. */
class AssistantToolsTest {

    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private final LooseBackend backend = new LooseBackend();

    @Test
    void eachToolHasADescriptionAndAnObjectSchemaNamingItsArguments() {
        List<SyncToolSpecification> tools = tools(backend);
        assertThat(tools.stream().map(t -> t.tool().name())).containsExactly("list_servers", "list_connections",
                "connect_server", "disconnect_server", "flow_status");
        tools.forEach(t -> {
            assertThat(t.tool().description()).isNotBlank();
            assertThat(t.tool().inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
        });
        assertThat(tool(tools, "connect_server").tool().inputSchema().get("required")).isEqualTo(List.of("server"));
        assertThat(tool(tools, "flow_status").tool().inputSchema().get("required")).isEqualTo(List.of("flow_id"));
        assertThat(tool(tools, "disconnect_server").tool().annotations().destructiveHint()).isTrue();
        assertThat(tool(tools, "list_connections").tool().annotations().readOnlyHint()).isTrue();
    }

    @Test
    void aClientThatDeclaredUrlElicitationGetsError32042WithTheFlowsLink() {
        McpSchema.ClientCapabilities url = McpSchema.ClientCapabilities.builder().elicitation(false, true).build();
        assertThatThrownBy(() -> call(backend, url, caller("a", "x"), "connect_server", Map.of("server", "github")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32042);
                    Map<?, ?> data = (Map<?, ?>) e.getJsonRpcError().data();
                    McpSchema.ElicitUrlRequest elicitation = (McpSchema.ElicitUrlRequest)
                            ((List<?>) data.get("elicitations")).get(0);
                    assertThat(elicitation.url()).isEqualTo("https://latchkey.example/connect/link-1");
                    assertThat(elicitation.elicitationId()).isEqualTo("flw_1");
                    assertThat(elicitation.message()).contains("GitHub");
                });
        assertThat(JSON.convertValue(McpError.URL_ELICITATION_REQUIRED.apply(List.of(new McpSchema.ElicitUrlRequest(
                "m", "https://l", "flw_1", null))).getJsonRpcError(), Map.class).toString()).contains("mode=url");
    }

    @Test
    void otherClientsGetTheNoticeAsTheToolResult() {
        for (McpSchema.ClientCapabilities capabilities : new McpSchema.ClientCapabilities[] {null,
                McpSchema.ClientCapabilities.builder().build(),
                McpSchema.ClientCapabilities.builder().elicitation(true, false).build()}) {
            CallToolResult result = call(backend, capabilities, caller("a", "x"), "connect_server",
                    Map.of("server", "github"));
            assertThat(result.isError()).isFalse();
            assertThat(text(result)).startsWith("<message-context>").contains("AuthURL: https://latchkey.example/connect/");
            assertThat(((Map<?, ?>) result.structuredContent()).get("status")).isEqualTo("authorization_required");
        }
    }

    @Test
    void refusalsAreToolErrorsTheModelCanReadWithoutInternals() {
        CallToolResult unknown = call(backend, null, caller("a", "x"), "connect_server", Map.of("server", "nope"));
        assertThat(unknown.isError()).isTrue();
        assertThat(text(unknown)).contains("No server nope", "list_servers");
        assertThat(call(backend, null, caller("a", "x"), "flow_status", Map.of()).isError()).isTrue();

        LooseBackend failing = new LooseBackend() {
            @Override
            public boolean connected(GatewayCaller caller, UpstreamServer server) {
                throw Failure.upstream("discovery_failed", "The MCP server's metadata could not be read.");
            }
        };
        assertThat(text(call(failing, null, caller("a", "x"), "connect_server", Map.of("server", "github"))))
                .isEqualTo("The MCP server's metadata could not be read.");
        LooseBackend broken = new LooseBackend() {
            @Override
            public boolean connected(GatewayCaller caller, UpstreamServer server) {
                throw new IllegalStateException("jdbc:h2:/secret/path");
            }
        };
        CallToolResult internal = call(broken, null, caller("a", "x"), "connect_server", Map.of("server", "github"));
        assertThat(internal.isError()).isTrue();
        assertThat(text(internal)).doesNotContain("jdbc", "secret");
    }

    @Test
    void aRequestThatDidNotPassTheGateIsRefused() {
        SyncToolSpecification list = tool(tools(backend), "list_servers");
        McpSyncServerExchange anonymous = new McpSyncServerExchange(new McpAsyncServerExchange("s", null, null,
                new McpSchema.Implementation("t", "1"), McpTransportContext.EMPTY));
        assertThatThrownBy(() -> list.callHandler().apply(anonymous, new McpSchema.CallToolRequest("list_servers",
                Map.of()))).isInstanceOf(McpError.class);
    }

    private static List<SyncToolSpecification> tools(AssistantBackend backend) {
        return new AssistantTools(new AssistantActions(backend), JSON).specifications();
    }

    private static SyncToolSpecification tool(List<SyncToolSpecification> tools, String name) {
        return tools.stream().filter(t -> t.tool().name().equals(name)).findFirst().orElseThrow();
    }

    private static CallToolResult call(AssistantBackend backend, McpSchema.ClientCapabilities capabilities,
                                       GatewayCaller caller, String name, Map<String, Object> arguments) {
        McpSyncServerExchange exchange = new McpSyncServerExchange(new McpAsyncServerExchange("s", null, capabilities,
                new McpSchema.Implementation("t", "1"), McpTransportContext.create(Map.of(AssistantGate.CALLER, caller))));
        return tool(tools(backend), name).callHandler().apply(exchange, new McpSchema.CallToolRequest(name, arguments));
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
