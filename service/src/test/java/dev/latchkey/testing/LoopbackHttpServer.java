package dev.latchkey.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP server on 127.0.0.1 for tests of outbound requests: routes by exact path, records
 * every request it receives, answers 404 for anything unrouted.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** A request as the server saw it. Header names are lower case. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What to answer. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply redirect(String location) {
            return new Reply(302, Map.of("Location", location), new byte[0]);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body);
        }
    }

    /** A reply header that makes the server send the body chunked, without a Content-Length. */
    public static final String CHUNKED = "X-Test-Chunked";

    private final HttpServer server;
    private final Map<String, Function<Received, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public LoopbackHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public LoopbackHttpServer route(String path, Function<Received, Reply> handler) {
        routes.put(path, handler);
        return this;
    }

    public LoopbackHttpServer json(String path, String json) {
        return route(path, r -> Reply.json(200, json));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public URI uri(String path) {
        return URI.create(origin() + path);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<String> paths() {
        return received.stream().map(Received::path).toList();
    }

    public void reset() {
        received.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body);
            received.add(request);
            Function<Received, Reply> handler = routes.get(request.path());
            Reply reply = handler == null ? Reply.json(404, "{\"error\":\"not_found\"}") : handler.apply(request);
            boolean chunked = reply.headers().containsKey(CHUNKED);
            reply.headers().forEach((k, v) -> {
                if (!k.equals(CHUNKED)) {
                    exchange.getResponseHeaders().add(k, v);
                }
            });
            long length = chunked ? 0 : reply.body().length == 0 ? -1 : reply.body().length;
            exchange.sendResponseHeaders(reply.status(), length);
            exchange.getResponseBody().write(reply.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
