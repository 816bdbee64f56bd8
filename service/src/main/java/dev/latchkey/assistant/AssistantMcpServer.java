package dev.latchkey.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.gateway.tokens.GatewayCaller;
import io.dropwizard.jetty.setup.ServletEnvironment;
import io.dropwizard.lifecycle.Managed;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * Latchkey's own MCP server at {@code {publicBaseUrl}/mcp}: tools for the model to list servers and
 * connections, connect and disconnect a server and follow a flow, for the subject of the gateway
 * token it presents. Served by the MCP Java SDK (Streamable HTTP, protocol revisions up to
 * 2025-11-25) as a servlet beside the gateway, which keeps {@code /mcp/{slug}}: the exact mappings
 * {@code /mcp} and {@code /mcp/} win over the gateway's {@code /mcp/*}.
 */
public final class AssistantMcpServer implements Managed {

    static final String NAME = "assistant-mcp";
    /** A session no request touched for this long is dropped (sessions live in memory, per instance). */
    static final Duration SESSION_IDLE = Duration.ofMinutes(30);
    /** Sessions whose owning token is remembered; past this, the least recent must initialize again. */
    static final long MAX_SESSIONS = 100_000;
    private static final String INSTRUCTIONS = "Latchkey connects you to the user's MCP servers: list_servers shows"
            + " them, list_connections shows which ones the user has connected, connect_server gives a link the user"
            + " opens to connect one (relay its notice as it is), flow_status tells whether they have finished.";

    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;
    private final AssistantGate gate;

    /**
     * @param tokens {@code GatewayTokens::authenticate}
     * @param maxRequestBytes the largest message a client may POST (the gateway's limit)
     */
    public AssistantMcpServer(Function<String, Optional<GatewayCaller>> tokens, LatchkeyBackend backend,
                              URI publicBaseUrl, String version, long maxRequestBytes) {
        // The SDK's own mapper settings, not the REST API's: its schema types carry their own annotations.
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        this.gate = new AssistantGate(tokens, publicBaseUrl, new SessionOwners(SESSION_IDLE, MAX_SESSIONS));
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint("/mcp")
                .contextExtractor(AssistantGate::context)
                .maxRequestSize((int) Math.min(Integer.MAX_VALUE, maxRequestBytes))
                .sessionSweepInterval(SESSION_IDLE)
                .build();
        this.server = McpServer.sync(transport)
                .serverInfo("latchkey", version)
                .instructions(INSTRUCTIONS)
                .jsonMapper(json)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new AssistantTools(new AssistantActions(backend), json).specifications())
                // The tools block (database, discovery): run them on the request's own Jetty thread, as
                // the servlet transport waits there anyway, rather than on Reactor's elastic pool.
                .immediateExecution(true)
                .build();
    }

    /** The SDK's servlet at {@code /mcp} and {@code /mcp/}, behind the gate (both asynchronous: answers stream). */
    public void register(ServletEnvironment servlets) {
        ServletRegistration.Dynamic servlet = servlets.addServlet(NAME, transport);
        servlet.setAsyncSupported(true);
        servlet.addMapping("/mcp", "/mcp/");
        FilterRegistration.Dynamic filter = servlets.addFilter(NAME + "-gate", gate);
        filter.setAsyncSupported(true);
        filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, NAME);
    }

    @Override
    public void stop() {
        server.closeGracefully();
    }
}
