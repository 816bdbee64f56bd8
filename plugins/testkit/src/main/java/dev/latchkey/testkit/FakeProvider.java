package dev.latchkey.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake authorization server and the MCP resource it protects, on one 127.0.0.1 port, pure JDK.
 * Standard by default (RFC 9728 resource metadata, RFC 8414 metadata with S256, dynamic
 * registration, PKCE-checked single-use codes, refresh, revocation); each {@link Quirk} switches one
 * real provider's misbehaviour on. The authorization endpoint approves at once, so a headless
 * browser can run a whole flow. Every request is recorded.
 */
public final class FakeProvider implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Set<Quirk> quirks = Collections.synchronizedSet(EnumSet.noneOf(Quirk.class));
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final FakeEndpoints endpoints = new FakeEndpoints(this);
    private volatile List<String> scopes = List.of("files:read", "files:write");

    public FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Switches quirks on (they stay on until {@link #reset()}). */
    public FakeProvider enable(Quirk... on) {
        quirks.addAll(List.of(on));
        return this;
    }

    public boolean has(Quirk quirk) {
        return quirks.contains(quirk);
    }

    /** Back to standard behaviour, forgetting recorded requests (issued clients and tokens stay valid). */
    public FakeProvider reset() {
        quirks.clear();
        received.clear();
        return this;
    }

    /** The scopes the resource metadata advertises (Latchkey requests them). */
    public FakeProvider scopes(String... advertised) {
        scopes = List.of(advertised);
        return this;
    }

    /** A client registered out of band (for providers without dynamic registration). */
    public FakeProvider client(String clientId, String clientSecret) {
        endpoints.addClient(clientId, clientSecret);
        return this;
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The authorization server's issuer. */
    public String issuer() {
        return origin();
    }

    /** The MCP endpoint: 401 with a resource-metadata challenge, 200 with a token the fake issued. */
    public String mcpUrl() {
        return origin() + "/mcp";
    }

    public List<Exchange> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The query of each authorization request, in order. */
    public List<Map<String, String>> authorizationRequests() {
        return received("/authorize").stream().map(Exchange::query).toList();
    }

    public List<Exchange> tokenRequests() {
        return received("/token");
    }

    /** Whether {@code accessToken} is one the fake issued (and did not revoke). */
    public boolean accepts(String accessToken) {
        return endpoints.validAccessToken(accessToken);
    }

    String metadataDocument() {
        ObjectNode doc = JSON.createObjectNode().put("issuer", issuer())
                .put("authorization_endpoint", origin() + "/authorize").put("token_endpoint", origin() + "/token")
                .put("revocation_endpoint", origin() + "/revoke");
        if (!has(Quirk.NO_DYNAMIC_REGISTRATION)) {
            doc.put("registration_endpoint", origin() + "/register");
        }
        doc.putArray("response_types_supported").add("code");
        doc.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        if (!has(Quirk.NO_PKCE_METADATA)) {
            doc.putArray("code_challenge_methods_supported").add("S256");
        }
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post")
                .add("none");
        return doc.toString();
    }

    String resourceDocument() {
        String issuer = has(Quirk.TRAILING_SLASH_ISSUER_IN_RESOURCE_METADATA) ? issuer() + "/" : issuer();
        ObjectNode doc = JSON.createObjectNode().put("resource", mcpUrl());
        doc.putArray("authorization_servers").add(issuer);
        scopes.forEach(doc.putArray("scopes_supported")::add);
        return doc.toString();
    }

    private Reply route(Exchange request) {
        return switch (request.path()) {
            case "/mcp" -> endpoints.mcp(request);
            case "/.well-known/oauth-protected-resource/mcp" -> Reply.json(200, resourceDocument());
            case "/.well-known/oauth-authorization-server" -> Reply.json(200, metadataDocument());
            case "/register" -> endpoints.register(request);
            case "/authorize" -> endpoints.authorize(request);
            case "/token" -> endpoints.token(request);
            case "/revoke" -> endpoints.revoke(request);
            default -> Reply.json(404, "{\"error\":\"not_found\"}");
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = headers.getOrDefault("content-type", List.of("")).get(0);
            Map<String, String> form = contentType.startsWith("application/x-www-form-urlencoded") ? decode(body)
                    : contentType.startsWith("application/json") ? jsonForm(body) : Map.of();
            Exchange request = new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    decode(exchange.getRequestURI().getRawQuery()), headers, body, form);
            received.add(request);
            Reply reply = route(request);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            exchange.getResponseBody().write(reply.body());
        }
    }

    /** Decodes {@code a=b&c=d}; the first value of a repeated name wins. */
    public static Map<String, String> decode(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static Map<String, String> jsonForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JSON.readTree(body).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
