package dev.latchkey.assistant;

import dev.latchkey.api.ProblemException;
import dev.latchkey.assistant.AssistantViews.AuthorizationRequired;
import dev.latchkey.assistant.AssistantViews.ConnectOutcome;
import dev.latchkey.assistant.AssistantViews.Connected;
import dev.latchkey.assistant.AssistantViews.ConnectionEntry;
import dev.latchkey.assistant.AssistantViews.Disconnected;
import dev.latchkey.assistant.AssistantViews.FlowEntry;
import dev.latchkey.assistant.AssistantViews.ServerEntry;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.protocol.Failure;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitUrlRequest;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of Latchkey's own MCP server, as the MCP SDK serves them: each reads the gateway caller
 * the {@link AssistantGate} put in the transport context, asks {@link AssistantActions}, and answers
 * with text for the model plus the same facts as structured content. A refusal (unknown server, not
 * reachable, bad argument, a Latchkey failure) is a tool result with {@code isError}, so the model
 * can read and relay it.
 */
final class AssistantTools {

    private static final Logger LOG = LoggerFactory.getLogger(AssistantTools.class);

    private static final String NO_ARGUMENTS = """
            {"type": "object", "properties": {}, "additionalProperties": false}""";
    private static final String SERVER_ARGUMENT = """
            {"type": "object", "properties": {"server": {"type": "string",
              "description": "The server's slug or id as list_servers shows it (its gateway URL works too)."}},
             "required": ["server"], "additionalProperties": false}""";
    private static final String FLOW_ARGUMENT = """
            {"type": "object", "properties": {"flow_id": {"type": "string",
              "description": "The flow id (flw_…) that connect_server answered with."}},
             "required": ["flow_id"], "additionalProperties": false}""";

    private final AssistantActions actions;
    private final McpJsonMapper json;

    AssistantTools(AssistantActions actions, McpJsonMapper json) {
        this.actions = actions;
        this.json = json;
    }

    List<SyncToolSpecification> specifications() {
        return List.of(
                tool("list_servers", "List MCP servers", "Lists the MCP servers registered in Latchkey that you may"
                        + " use: their name, slug and gateway URL (where an MCP client reaches them through Latchkey).",
                        NO_ARGUMENTS, readOnly(), this::listServers),
                tool("list_connections", "List my connections", "Lists your connections to MCP servers: the server,"
                        + " the status (active, or reauthorization_required when you must connect again), the"
                        + " granted scopes and when the current access expires. Never shows a token.",
                        NO_ARGUMENTS, readOnly(), this::listConnections),
                tool("connect_server", "Connect an MCP server", "Connects you to a registered MCP server. If you are"
                        + " connected already it says so; otherwise it answers with a Latchkey link the user must"
                        + " open to sign in (relay the notice to the user as it is). Reuses the link of a pending"
                        + " attempt nobody opened yet.", SERVER_ARGUMENT, changes(false), this::connect),
                tool("disconnect_server", "Disconnect an MCP server", "Disconnects you from an MCP server: Latchkey"
                        + " revokes your tokens at the provider where it can and deletes them. Connect again with"
                        + " connect_server.", SERVER_ARGUMENT, changes(true), this::disconnect),
                tool("flow_status", "Check a connection attempt", "Tells where one of your connection attempts"
                        + " (flows) stands: pending (waiting for the user to open the link), authorized, failed,"
                        + " expired or cancelled.", FLOW_ARGUMENT, readOnly(), this::flowStatus));
    }

    /** Whether the client declared {@code elicitation.url} when it initialized (MCP 2025-11-25). */
    static boolean acceptsUrlElicitation(McpSchema.ClientCapabilities capabilities) {
        return capabilities != null && capabilities.elicitation() != null && capabilities.elicitation().url() != null;
    }

    private CallToolResult listServers(McpSyncServerExchange exchange, GatewayCaller caller,
                                       Map<String, Object> arguments) {
        List<ServerEntry> servers = actions.servers(caller);
        return answer(ToolTexts.servers(servers), Map.of("servers", servers));
    }

    private CallToolResult listConnections(McpSyncServerExchange exchange, GatewayCaller caller,
                                           Map<String, Object> arguments) {
        List<ConnectionEntry> connections = actions.connections(caller);
        return answer(ToolTexts.connections(connections), Map.of("connections", connections));
    }

    private CallToolResult disconnect(McpSyncServerExchange exchange, GatewayCaller caller,
                                      Map<String, Object> arguments) {
        Disconnected done = actions.disconnect(caller, string(arguments, "server"));
        return answer(ToolTexts.disconnected(done), done);
    }

    private CallToolResult flowStatus(McpSyncServerExchange exchange, GatewayCaller caller,
                                      Map<String, Object> arguments) {
        FlowEntry flow = actions.flowStatus(caller, string(arguments, "flow_id"));
        return answer(ToolTexts.flow(flow), flow);
    }

    /**
     * connect_server: "connected", or the authorization link — as URL-mode elicitation (error -32042,
     * the flow id as elicitation id) to a client that declared it, else as the flow's notice.
     */
    private CallToolResult connect(McpSyncServerExchange exchange, GatewayCaller caller, Map<String, Object> arguments) {
        ConnectOutcome outcome = actions.connect(caller, string(arguments, "server"));
        if (outcome instanceof Connected connected) {
            return answer(ToolTexts.connected(connected.server()),
                    Map.of("status", "connected", "server", connected.server()));
        }
        AuthorizationRequired needed = (AuthorizationRequired) outcome;
        if (acceptsUrlElicitation(exchange.getClientCapabilities())) {
            throw McpError.URL_ELICITATION_REQUIRED.apply(List.of(new ElicitUrlRequest(
                    ToolTexts.elicitation(needed.server()), needed.authorizationUrl(), needed.flowId(), null)));
        }
        return answer(needed.notice(), Map.of("status", "authorization_required", "server", needed.server(),
                "flowId", needed.flowId(), "authorizationUrl", needed.authorizationUrl()));
    }

    private SyncToolSpecification tool(String name, String title, String description, String schema,
                                       ToolAnnotations annotations,
                                       Handler handler) {
        Tool tool = Tool.builder().name(name).title(title).description(description).inputSchema(json, schema)
                .annotations(annotations).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            GatewayCaller caller = AssistantGate.caller(exchange.transportContext());
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            try {
                return handler.answer(exchange, caller, arguments);
            } catch (McpError e) {
                throw e;
            } catch (AssistantException e) {
                return refusal(e.getMessage());
            } catch (Failure e) {
                return refusal(e.description());
            } catch (ProblemException e) {
                return refusal(e.problem().detail());
            } catch (RuntimeException e) {
                // Logged here, told plainly there: an exception's message is not for the model.
                LOG.warn("tool {} failed for tenant {}", name, caller.tenant(), e);
                return refusal("Latchkey could not do that just now; try again later.");
            }
        }).build();
    }

    /** One tool's work, for the caller of this request. */
    @FunctionalInterface
    private interface Handler {
        CallToolResult answer(McpSyncServerExchange exchange, GatewayCaller caller, Map<String, Object> arguments);
    }

    private static ToolAnnotations readOnly() {
        return ToolAnnotations.builder().readOnlyHint(true).openWorldHint(false).build();
    }

    /** A tool that changes the subject's connections (and talks to the provider); destructive: disconnect. */
    private static ToolAnnotations changes(boolean destructive) {
        return ToolAnnotations.builder().readOnlyHint(false).destructiveHint(destructive).idempotentHint(true)
                .openWorldHint(true).build();
    }

    private static CallToolResult answer(String text, Object structured) {
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    private static CallToolResult refusal(String text) {
        return CallToolResult.builder().addTextContent(text).isError(true).build();
    }

    private static String string(Map<String, Object> arguments, String name) {
        return arguments.get(name) instanceof String value ? value : null;
    }
}
