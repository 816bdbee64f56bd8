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
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A fake authorization server and the MCP resource it protects, on one 127.0.0.1 port, pure JDK.
 * Standard by default (RFC 9728 resource metadata, RFC 8414 metadata with S256, dynamic
 * registration, PKCE-checked single-use codes, refresh, revocation); each {@link Quirk} switches one
 * real provider's misbehaviour on. The authorization endpoint approves at once, so a headless
 * browser can run a whole flow. Every request is recorded.
 *
 * <p>Besides the quirks of real providers, a few switches make it misbehave the way a broken or
 * hostile server would (a foreign {@code resource} or issuer in its metadata, no S256, a wrong
 * {@code iss}, a denied authorization, a slow or odd token endpoint); Latchkey's own tests use them.
 */
public final class FakeProvider implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Set<Quirk> quirks = Collections.synchronizedSet(EnumSet.noneOf(Quirk.class));
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final FakeEndpoints endpoints;
    private final Map<String, Function<Exchange, Reply>> tokenAnswers = new ConcurrentHashMap<>();
    private volatile List<String> scopes = List.of("files:read", "files:write");
    private volatile String resourceInMetadata;
    private volatile String issuerInMetadata;
    private volatile List<String> challengeMethods = List.of("S256");
    private volatile boolean advertisesIssParameter;
    private volatile String issParameter;
    private volatile String[] authorizationDenial;
    private volatile Duration tokenDelay = Duration.ZERO;
    private volatile Long expiresIn = 3600L;

    public FakeProvider() {
        this("");
    }

    /**
     * A fake whose client ids, codes and tokens start with {@code name-} (as in {@code a-at-...}), so a
     * test with two authorization servers can tell whose token it holds.
     */
    public FakeProvider(String name) {
        endpoints = new FakeEndpoints(this, name.isEmpty() ? "" : name + "-");
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
        tokenAnswers.clear();
        resourceInMetadata = null;
        issuerInMetadata = null;
        challengeMethods = List.of("S256");
        advertisesIssParameter = false;
        issParameter = null;
        authorizationDenial = null;
        tokenDelay = Duration.ZERO;
        expiresIn = 3600L;
        return this;
    }

    /** The {@code resource} the resource metadata names (by default {@link #mcpUrl()}). */
    public FakeProvider resourceInMetadata(String resource) {
        resourceInMetadata = resource;
        return this;
    }

    /** The {@code issuer} the authorization server metadata names (by default {@link #issuer()}). */
    public FakeProvider issuerInMetadata(String issuer) {
        issuerInMetadata = issuer;
        return this;
    }

    /** The {@code code_challenge_methods_supported} the metadata lists (by default S256). */
    public FakeProvider challengeMethods(String... methods) {
        challengeMethods = List.of(methods);
        return this;
    }

    /** Whether the metadata advertises {@code authorization_response_iss_parameter_supported} (RFC 9207). */
    public FakeProvider advertisesIssParameter(boolean advertised) {
        advertisesIssParameter = advertised;
        return this;
    }

    /** The {@code iss} every authorization response carries from now on; null for none (the default). */
    public FakeProvider sendsIss(String iss) {
        issParameter = iss;
        return this;
    }

    /** Every authorization request is answered with this error (description may be null), not a code. */
    public FakeProvider deniesAuthorization(String error, String description) {
        authorizationDenial = error == null ? null : new String[] {error, description};
        return this;
    }

    /**
     * How the token endpoint answers requests of one grant type ({@code authorization_code},
     * {@code refresh_token}) from now on, instead of checking and issuing.
     */
    public FakeProvider answerTokenRequests(String grantType, Function<Exchange, Reply> answer) {
        tokenAnswers.put(grantType, answer);
        return this;
    }

    /** The token endpoint checks and issues again for every grant type. */
    public FakeProvider standardTokenAnswers() {
        tokenAnswers.clear();
        return this;
    }

    /** The token endpoint waits this long before each answer. */
    public FakeProvider tokenDelay(Duration delay) {
        tokenDelay = delay;
        return this;
    }

    /**
     * The {@code expires_in} of tokens issued from now on; null for none (a refresh token still comes,
     * unlike {@link Quirk#NO_EXPIRES_IN}).
     */
    public FakeProvider expiresIn(Long seconds) {
        expiresIn = seconds;
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

    /** Token requests of one grant type ({@code authorization_code}, {@code refresh_token}). */
    public List<Exchange> tokenRequests(String grantType) {
        return tokenRequests().stream().filter(r -> grantType.equals(r.form().get("grant_type"))).toList();
    }

    /** How many token requests of one grant type arrived. */
    public long countTokenRequests(String grantType) {
        return tokenRequests(grantType).size();
    }

    /** How many requests reached {@code path}. */
    public int count(String path) {
        return received(path).size();
    }

    /** Dynamic registrations answered so far (successful or not). */
    public int registrations() {
        return count("/register");
    }

    /** Every authorization code the fake handed out, in order. */
    public List<String> issuedCodes() {
        return endpoints.issuedCodes();
    }

    /** The secrets of every client the fake knows (registered or configured), for leak checks. */
    public List<String> clientSecrets() {
        return endpoints.clientSecrets();
    }

    /** Whether {@code accessToken} is one the fake issued (and did not revoke). */
    public boolean accepts(String accessToken) {
        return endpoints.validAccessToken(accessToken);
    }

    String metadataDocument() {
        String issuer = issuerInMetadata == null ? issuer() : issuerInMetadata;
        ObjectNode doc = JSON.createObjectNode().put("issuer", issuer)
                .put("authorization_endpoint", origin() + "/authorize").put("token_endpoint", origin() + "/token")
                .put("revocation_endpoint", origin() + "/revoke");
        if (!has(Quirk.NO_DYNAMIC_REGISTRATION)) {
            doc.put("registration_endpoint", origin() + "/register");
        }
        doc.putArray("response_types_supported").add("code");
        doc.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        if (!has(Quirk.NO_PKCE_METADATA)) {
            challengeMethods.forEach(doc.putArray("code_challenge_methods_supported")::add);
        }
        if (advertisesIssParameter) {
            doc.put("authorization_response_iss_parameter_supported", true);
        }
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post")
                .add("none");
        return doc.toString();
    }

    String resourceDocument() {
        String issuer = has(Quirk.TRAILING_SLASH_ISSUER_IN_RESOURCE_METADATA) ? issuer() + "/" : issuer();
        ObjectNode doc = JSON.createObjectNode().put("resource", resourceInMetadata == null ? mcpUrl() : resourceInMetadata);
        doc.putArray("authorization_servers").add(issuer);
        scopes.forEach(doc.putArray("scopes_supported")::add);
        return doc.toString();
    }

    String issParameter() {
        return issParameter;
    }

    String[] authorizationDenial() {
        return authorizationDenial;
    }

    Long expiresIn() {
        return expiresIn;
    }

    Function<Exchange, Reply> tokenAnswer(String grantType) {
        return grantType == null ? null : tokenAnswers.get(grantType);
    }

    private Reply route(Exchange request) {
        return switch (request.path()) {
            case "/mcp" -> endpoints.mcp(request);
            case "/.well-known/oauth-protected-resource/mcp" -> Reply.json(200, resourceDocument());
            case "/.well-known/oauth-authorization-server" -> Reply.json(200, metadataDocument());
            case "/register" -> endpoints.register(request);
            case "/authorize" -> endpoints.authorize(request);
            case "/token" -> {
                pause(tokenDelay);
                yield endpoints.token(request);
            }
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

    private static void pause(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
