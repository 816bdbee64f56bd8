package dev.latchkey.bench.cold;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on loopback in front of one peer: every request waits {@code delay} (network
 * latency), is counted, and is forwarded; the peer's own origin in answers (bodies, Location,
 * WWW-Authenticate) is rewritten to the proxy's, so that a client that follows the metadata stays
 * behind the proxy.
 */
public final class DelayProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String peerOrigin;
    private final Duration delay;
    private final List<String> requests = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Long> upstreamNanos = new ArrayList<>();

    static {
        // The JDK server otherwise leaves Nagle on: a response written as headers then body can wait
        // for the client's delayed ACK (~40 ms) — for some clients and not others, which would skew
        // exactly the comparison this proxy is for.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public DelayProxy(int peerPort, Duration delay) throws IOException {
        this.peerOrigin = "127.0.0.1:" + peerPort;
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests seen since the last reset, as "METHOD path". */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** When each request arrived ({@link System#nanoTime()}), in the order of {@link #requests()}. */
    public synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    /**
     * How long each answered request spent beyond the added delay — the peer's own time and the
     * proxy's forwarding — in the order the answers were sent.
     */
    public synchronized List<Long> upstreamNanos() {
        return List.copyOf(upstreamNanos);
    }

    public synchronized void reset() {
        requests.clear();
        arrivals.clear();
        upstreamNanos.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            arrivals.add(System.nanoTime());
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        }
        try (exchange) {
            Thread.sleep(delay.toMillis());
            long forwarded = System.nanoTime();
            HttpResponse<byte[]> answer = upstream.send(forward(exchange), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = rewrite(new String(answer.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, rewrite(value)));
                }
            });
            boolean empty = body.length == 0 || answer.statusCode() == 204 || answer.statusCode() == 304;
            synchronized (this) {
                upstreamNanos.add(System.nanoTime() - forwarded);
            }
            exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : body.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + peerOrigin + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    private String rewrite(String text) {
        return text.replace(peerOrigin, origin().substring("http://".length()))
                .replace("localhost:" + peerOrigin.substring(peerOrigin.indexOf(':') + 1),
                        origin().substring("http://".length()));
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
