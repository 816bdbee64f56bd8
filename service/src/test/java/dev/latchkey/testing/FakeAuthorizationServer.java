package dev.latchkey.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An MCP resource and its authorization server on one loopback port, with a switch for each way a
 * real server can misbehave. The authorization endpoint approves at once (302 back to the client);
 * the revocation endpoint accepts every token.
 * Every knob is a public mutable field: tests set them before each scenario.
 */
public final class FakeAuthorizationServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackHttpServer server = new LoopbackHttpServer();

    // Metadata
    public volatile String prmResource;
    public volatile String metadataIssuer;
    public volatile List<String> challengeMethods = List.of("S256");
    public volatile boolean advertisesIss = false;
    // Authorization response
    public volatile String issParameter;
    public volatile boolean sendIss = false;
    public volatile String authorizationError;
    public volatile String authorizationErrorDescription;
    // Token endpoint
    public volatile int tokenStatus = 200;
    public volatile String tokenBody;
    public volatile long tokenDelayMillis;
    public volatile Integer expiresIn = 3600;
    public volatile String lastCode;

    public FakeAuthorizationServer() {
        prmResource = origin() + "/mcp";
        metadataIssuer = origin();
        issParameter = origin();
        server.route("/mcp", r -> new LoopbackHttpServer.Reply(401, Map.of("WWW-Authenticate",
                "Bearer resource_metadata=\"" + origin() + "/.well-known/oauth-protected-resource/mcp\""), new byte[0]));
        server.route("/.well-known/oauth-protected-resource/mcp", r -> LoopbackHttpServer.Reply.json(200,
                "{\"resource\":\"" + prmResource + "\",\"authorization_servers\":[\"" + origin() + "\"]}"));
        server.route("/.well-known/oauth-authorization-server", r -> LoopbackHttpServer.Reply.json(200, metadata()));
        server.route("/register", r -> LoopbackHttpServer.Reply.json(201,
                "{\"client_id\":\"client-" + UUID.randomUUID() + "\",\"client_secret\":\"fake-secret-value\","
                        + "\"token_endpoint_auth_method\":\"client_secret_basic\"}"));
        server.route("/authorize", this::authorize);
        server.route("/token", r -> token());
        // RFC 7009: the token is forgotten (or was never known); 200 either way.
        server.route("/revoke", r -> new LoopbackHttpServer.Reply(200, Map.of(), new byte[0]));
    }

    public String origin() {
        return server.origin();
    }

    public String mcpUrl() {
        return origin() + "/mcp";
    }

    public LoopbackHttpServer http() {
        return server;
    }

    public int count(String path) {
        return server.received(path).size();
    }

    private String metadata() {
        ObjectNode doc = JSON.createObjectNode().put("issuer", metadataIssuer)
                .put("authorization_endpoint", origin() + "/authorize").put("token_endpoint", origin() + "/token")
                .put("registration_endpoint", origin() + "/register")
                .put("revocation_endpoint", origin() + "/revoke")
                .put("authorization_response_iss_parameter_supported", advertisesIss);
        doc.putArray("response_types_supported").add("code");
        challengeMethods.forEach(doc.putArray("code_challenge_methods_supported")::add);
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic");
        return doc.toString();
    }

    private LoopbackHttpServer.Reply authorize(LoopbackHttpServer.Received request) {
        Map<String, String> query = query(request.query());
        Map<String, String> back = new LinkedHashMap<>();
        if (authorizationError != null) {
            back.put("error", authorizationError);
            if (authorizationErrorDescription != null) {
                back.put("error_description", authorizationErrorDescription);
            }
        } else {
            lastCode = "code-" + UUID.randomUUID();
            back.put("code", lastCode);
        }
        back.put("state", query.get("state"));
        if (sendIss) {
            back.put("iss", issParameter);
        }
        StringBuilder location = new StringBuilder(query.get("redirect_uri")).append('?');
        back.forEach((k, v) -> location.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        location.setLength(location.length() - 1);
        return LoopbackHttpServer.Reply.redirect(location.toString());
    }

    private LoopbackHttpServer.Reply token() {
        if (tokenDelayMillis > 0) {
            try {
                Thread.sleep(tokenDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tokenBody != null) {
            return new LoopbackHttpServer.Reply(tokenStatus, Map.of("Content-Type", "application/json"),
                    tokenBody.getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode body = JSON.createObjectNode().put("access_token", "at-" + UUID.randomUUID())
                .put("token_type", "Bearer").put("refresh_token", "rt-" + UUID.randomUUID());
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        return LoopbackHttpServer.Reply.json(tokenStatus, body.toString());
    }

    public static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public URI uri(String path) {
        return URI.create(origin() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
