package dev.latchkey.rehearsal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A protected MCP server and its authorization server in one, on 127.0.0.1 and an ephemeral port,
 * for the start-up rehearsal: protected-resource metadata (RFC 9728), authorization-server metadata
 * (RFC 8414) with PKCE S256 and the RFC 9207 {@code iss} parameter, and dynamic registration
 * (RFC 7591) that echoes the proposed metadata with a new client id. Nothing else answers.
 */
final class RehearsalPeer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024;

    private final HttpServer server;
    private final ObjectMapper json;
    private final String origin;
    private final List<String> served = new CopyOnWriteArrayList<>();

    private RehearsalPeer(HttpServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
        this.origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static RehearsalPeer start(ObjectMapper json) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        RehearsalPeer peer = new RehearsalPeer(server, json);
        server.createContext("/", peer::answer);
        server.start();
        return peer;
    }

    URI mcpUrl() {
        return URI.create(origin + "/mcp");
    }

    /** The requests answered so far, as "METHOD path". */
    List<String> served() {
        return List.copyOf(served);
    }

    /** The challenge the MCP server's 401 carries. */
    String challenge() {
        return "Bearer resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            served.add(route);
            switch (route) {
                case "GET /.well-known/oauth-protected-resource/mcp" -> send(exchange, 200, Map.of(
                        "resource", origin + "/mcp",
                        "authorization_servers", List.of(origin),
                        "scopes_supported", List.of("mcp"),
                        "bearer_methods_supported", List.of("header")));
                case "GET /.well-known/oauth-authorization-server" -> send(exchange, 200, Map.of(
                        "issuer", origin,
                        "authorization_endpoint", origin + "/authorize",
                        "token_endpoint", origin + "/token",
                        "registration_endpoint", origin + "/register",
                        "response_types_supported", List.of("code"),
                        "grant_types_supported", List.of("authorization_code", "refresh_token"),
                        "code_challenge_methods_supported", List.of("S256"),
                        "token_endpoint_auth_methods_supported", List.of("none", "client_secret_post"),
                        "authorization_response_iss_parameter_supported", true,
                        "scopes_supported", List.of("mcp")));
                case "POST /register" -> send(exchange, 201, registered(exchange));
                default -> send(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private ObjectNode registered(HttpExchange exchange) throws IOException {
        ObjectNode client;
        try (InputStream in = exchange.getRequestBody()) {
            client = (ObjectNode) json.readTree(in.readNBytes(MAX_BODY));
        }
        client.put("client_id", "rehearsal-client");
        client.put("client_id_issued_at", System.currentTimeMillis() / 1000);
        return client;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
