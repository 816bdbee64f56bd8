package dev.latchkey.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.gateway.GatewayCaller;
import dev.latchkey.protocol.ResourceUris;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * In front of Latchkey's own MCP server: every request presents a gateway token
 * ({@code Authorization: Bearer lkg_…}, checked as the gateway checks it) and, when it sends an
 * {@code Origin}, Latchkey's own (DNS-rebinding protection). The caller the token stands for goes
 * to the MCP SDK as the request's transport context, where each tool reads it.
 *
 * <p>Copied from {@code gateway.McpGatewayServlet} (its answers are private to it, and it is being
 * rewritten): the challenge, the bearer parsing, the Origin check and the JSON-RPC error body.
 */
final class AssistantGate implements Filter {

    /** The transport-context key under which the tools find the {@link GatewayCaller}. */
    static final String CALLER = "latchkey.gatewayCaller";
    /** The gateway's challenge: a client configured with a static token sees the same on both. */
    static final String CHALLENGE = "Bearer realm=\"latchkey-gateway\"";
    private static final int INVALID_REQUEST = -32600;
    /** The most of a refused request's body read (and dropped) to keep its connection usable. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final Function<String, Optional<GatewayCaller>> tokens;
    private final String allowedOrigin;
    private final SessionOwners sessions;
    private final ObjectMapper json = new ObjectMapper();

    /** @param tokens {@code GatewayTokens::authenticate} */
    AssistantGate(Function<String, Optional<GatewayCaller>> tokens, URI publicBaseUrl, SessionOwners sessions) {
        this.tokens = tokens;
        this.allowedOrigin = ResourceUris.origin(publicBaseUrl);
        this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            refuse(request, response, 403, "Origin not allowed.");
            return;
        }
        Optional<String> bearer = bearer(request);
        Optional<GatewayCaller> caller = bearer.flatMap(tokens);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", bearer.isEmpty() ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"");
            refuse(request, response, 401, bearer.isEmpty() ? "Send the gateway token: Authorization: Bearer lkg_…"
                    : "The gateway token is unknown, revoked or expired.");
            return;
        }
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            // No stream of server-initiated messages: these tools send none, and an idle stream would
            // hold a request open until the client's connection dies (and hold up a graceful stop).
            response.setHeader("Allow", "POST, DELETE");
            refuse(request, response, 405, "This server sends no messages of its own: there is no GET stream.");
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
            refuse(request, response, 404, "Session not found; initialize a new one.");
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

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        drain(request, response);
        ObjectNode body = json.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        body.putObject("error").put("code", INVALID_REQUEST).put("message", message);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * Reads what is left of a refused request's body before answering: answered with the body still on
     * its way, the connection would be closed after the answer with nothing to tell the client so, and
     * its next request on it would fail. A body past {@link #DRAIN_LIMIT} is not waited for: the answer
     * says {@code Connection: close}.
     */
    private static void drain(HttpServletRequest request, HttpServletResponse response) {
        try {
            InputStream in = request.getInputStream();
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
            if (left <= 0) {
                response.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            response.setHeader("Connection", "close");
        }
    }

    private boolean originAllowed(String origin) {
        try {
            URI uri = new URI(origin.strip());
            return uri.getHost() != null && uri.getScheme() != null && ResourceUris.origin(uri).equals(allowedOrigin);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String value = header.substring(7).strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
