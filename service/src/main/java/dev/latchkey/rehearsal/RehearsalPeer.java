package dev.latchkey.rehearsal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A protected MCP server and its authorization server in one, on 127.0.0.1 and an ephemeral port,
 * for the start-up rehearsal: protected-resource metadata (RFC 9728), authorization-server metadata
 * (RFC 8414) with PKCE S256 and the RFC 9207 {@code iss} parameter, and dynamic registration
 * (RFC 7591) that echoes the proposed metadata with a client id. Nothing else answers.
 */
final class RehearsalPeer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024;

    private final Server server;
    private final ObjectMapper json;
    private final String origin;
    private final List<String> served = new ArrayList<>();

    private RehearsalPeer(Server server, ObjectMapper json, int port) {
        this.server = server;
        this.json = json;
        this.origin = "http://127.0.0.1:" + port;
    }

    static RehearsalPeer start(ObjectMapper json) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName("rehearsal-peer");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open(); // the port is known before the peer that names it in its metadata
        RehearsalPeer peer = new RehearsalPeer(server, json, connector.getLocalPort());
        server.setHandler(peer.new Answers());
        server.start();
        return peer;
    }

    URI mcpUrl() {
        return URI.create(origin + "/mcp");
    }

    /** The challenge the MCP server's 401 carries. */
    String challenge() {
        return "Bearer resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"";
    }

    /** The requests answered since the last call, as "METHOD path". */
    synchronized List<String> takeServed() {
        List<String> taken = List.copyOf(served);
        served.clear();
        return taken;
    }

    private Object answer(String route, Request request) throws Exception {
        synchronized (this) {
            served.add(route);
        }
        return switch (route) {
            case "GET /.well-known/oauth-protected-resource/mcp" -> Map.of(
                    "resource", origin + "/mcp",
                    "authorization_servers", List.of(origin),
                    "scopes_supported", List.of("mcp"),
                    "bearer_methods_supported", List.of("header"));
            case "GET /.well-known/oauth-authorization-server" -> Map.of(
                    "issuer", origin,
                    "authorization_endpoint", origin + "/authorize",
                    "token_endpoint", origin + "/token",
                    "registration_endpoint", origin + "/register",
                    "response_types_supported", List.of("code"),
                    "grant_types_supported", List.of("authorization_code", "refresh_token"),
                    "code_challenge_methods_supported", List.of("S256"),
                    "token_endpoint_auth_methods_supported", List.of("none", "client_secret_post"),
                    "authorization_response_iss_parameter_supported", true,
                    "scopes_supported", List.of("mcp"));
            case "POST /register" -> registered(request);
            default -> null;
        };
    }

    private ObjectNode registered(Request request) throws Exception {
        String body = Content.Source.asString(request);
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("registration request too large");
        }
        ObjectNode client = (ObjectNode) json.readTree(body);
        client.put("client_id", "rehearsal-client");
        client.put("client_id_issued_at", System.currentTimeMillis() / 1000);
        return client;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Routes each request to {@link #answer}; blocking, which is fine for a peer of one caller. */
    private final class Answers extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String route = request.getMethod() + " " + Request.getPathInContext(request);
            Object answer = answer(route, request);
            response.setStatus(answer == null ? 404 : route.startsWith("POST") ? 201 : 200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            byte[] body = json.writeValueAsBytes(answer == null ? Map.of("error", "not_found") : answer);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
