package dev.latchkey.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's MCP server, protected by the demo authorization server (MCP Java SDK, Streamable HTTP):
 * without a valid access token it answers 401 with its RFC 9728 metadata; with one, a single tool,
 * {@code whoami}, says whom the token was issued to.
 */
final class DemoMcpServer implements Filter {

    static final String PATH = "/mcp";
    private static final String USER = "demo.user";

    private final URI origin;
    private final DemoGrants grants;
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;

    DemoMcpServer(URI origin, DemoGrants grants) {
        this.origin = origin;
        this.grants = grants;
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        this.transport = HttpServletStreamableServerTransportProvider.builder().jsonMapper(json).mcpEndpoint(PATH)
                .contextExtractor(request -> McpTransportContext.create(Map.of(USER, request.getAttribute(USER))))
                .build();
        Tool whoami = Tool.builder().name("whoami").title("Who am I")
                .description("Says whom the access token of this call was issued to.")
                .inputSchema(json, "{\"type\":\"object\",\"properties\":{}}").build();
        this.server = McpServer.sync(transport).serverInfo("latchkey-demo-mcp", "1").jsonMapper(json)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(SyncToolSpecification.builder().tool(whoami).callHandler((exchange, request) ->
                        CallToolResult.builder().addTextContent("Hello, " + exchange.transportContext().get(USER)
                                + "! The demo MCP server accepted the access token Latchkey holds for you.")
                                .isError(false).build()).build())
                .immediateExecution(true)
                .build();
    }

    HttpServletStreamableServerTransportProvider servlet() {
        return transport;
    }

    URI url() {
        return origin.resolve(PATH);
    }

    /** RFC 9728: this resource and the server that issues its tokens. */
    String resourceMetadata() {
        return "{\"resource\":\"" + url() + "\",\"authorization_servers\":[\"" + origin + "\"],"
                + "\"scopes_supported\":[\"" + DemoAuthorizationServer.SCOPE + "\"],"
                + "\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Latchkey demo MCP server\"}";
    }

    URI resourceMetadataUrl() {
        return origin.resolve("/.well-known/oauth-protected-resource" + PATH);
    }

    /** Lets only requests with a valid access token through to the MCP server. */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String authorization = Optional.ofNullable(http.getHeader("Authorization")).orElse("");
        Optional<DemoGrants.Grant> grant = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? grants.accessToken(authorization.substring(7).strip()) : Optional.empty();
        if (grant.isEmpty()) {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setHeader("WWW-Authenticate", "Bearer resource_metadata=\"" + resourceMetadataUrl()
                    + "\", scope=\"" + DemoAuthorizationServer.SCOPE + "\"");
            DemoPeer.json(answer, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        http.setAttribute(USER, grant.get().user());
        chain.doFilter(request, response);
    }

    void close() {
        server.closeGracefully();
    }
}
