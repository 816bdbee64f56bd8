package dev.latchkey.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.gateway.GatewayDoor;
import dev.latchkey.gateway.tokens.GatewayCaller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * In front of Latchkey's own MCP server: every request presents a gateway token
 * ({@code Authorization: Bearer lkg_…}, checked as the gateway checks it) and, when it sends an
 * {@code Origin}, Latchkey's own (DNS-rebinding protection). The caller the token stands for goes
 * to the MCP SDK as the request's transport context, where each tool reads it.
 *
 * <p>The Origin and token checks and the refusals are the gateway's own ({@link GatewayDoor}).
 */
final class AssistantGate implements Filter {

    /** The transport-context key under which the tools find the {@link GatewayCaller}. */
    static final String CALLER = "latchkey.gatewayCaller";
    /** The gateway's challenge: a client configured with a static token sees the same on both. */
    static final String CHALLENGE = GatewayDoor.CHALLENGE;

    private final GatewayDoor door;
    private final SessionOwners sessions;

    /** @param tokens {@code GatewayTokens::authenticate} */
    AssistantGate(Function<String, Optional<GatewayCaller>> tokens, URI publicBaseUrl, SessionOwners sessions) {
        this.door = new GatewayDoor((bearer, route) -> tokens.apply(bearer), publicBaseUrl, Optional.empty(),
                new ObjectMapper());
        this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Optional<GatewayCaller> caller = door.admit(request, response, Optional.empty());
        if (caller.isEmpty()) {
            return;
        }
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            // No stream of server-initiated messages: these tools send none, and an idle stream would
            // hold a request open until the client's connection dies (and hold up a graceful stop).
            response.setHeader("Allow", "POST, DELETE");
            door.refuse(request, response, 405, "This server sends no messages of its own: there is no GET stream.");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        pass(request, response, chain, caller.get());
    }

    /** On to the SDK, within the session this caller's token opened (or opening one). */
    private void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                      GatewayCaller caller) throws IOException, ServletException {
        String session = request.getHeader(SessionOwners.HEADER);
        if (session == null) {
            // Opening a session: its owner is recorded as the SDK names it, before the client can use it.
            chain.doFilter(withoutTrailingSlash(request), recordingOwner(response, caller));
        } else if (sessions.mayUse(session, caller)) {
            chain.doFilter(withoutTrailingSlash(request), response);
        } else {
            // As for a session the server forgot: the client starts a new one.
            door.refuse(request, response, 404, "Session not found; initialize a new one.");
        }
    }

    /** The transport context of a request that passed the gate (the SDK's context extractor). */
    static McpTransportContext context(HttpServletRequest request) {
        return request.getAttribute(CALLER) instanceof GatewayCaller caller
                ? McpTransportContext.create(Map.of(CALLER, caller)) : McpTransportContext.EMPTY;
    }

    /** The caller of the request a tool is answering; none means the gate was bypassed: refuse. */
    static GatewayCaller caller(McpTransportContext context) {
        if (context != null && context.get(CALLER) instanceof GatewayCaller caller) {
            return caller;
        }
        throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("No authenticated caller.").build();
    }

    /**
     * {@code /mcp/} is served as {@code /mcp}: the SDK's servlet answers only a request URI ending in
     * its endpoint.
     */
    private static HttpServletRequest withoutTrailingSlash(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!uri.endsWith("/")) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return uri.substring(0, uri.length() - 1);
            }
        };
    }

    private HttpServletResponse recordingOwner(HttpServletResponse response, GatewayCaller caller) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                record(name, value);
                super.setHeader(name, value);
            }

            @Override
            public void addHeader(String name, String value) {
                record(name, value);
                super.addHeader(name, value);
            }

            private void record(String name, String value) {
                if (SessionOwners.HEADER.equalsIgnoreCase(name) && value != null) {
                    sessions.opened(value, caller);
                }
            }
        };
    }
}
