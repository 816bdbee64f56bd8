package dev.latchkey.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.security.EgressFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streamed exchange of the one guarded client ({@link GuardedHttpClient#open}), against a real server on loopback. */
class StreamingExchangeTest {

    private HttpServer server;
    private GuardedHttpClient client;
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstEventRead = new CountDownLatch(1);
    private final AtomicBoolean lastEventSent = new AtomicBoolean();
    private final CountDownLatch upstreamSawClose = new CountDownLatch(1);
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/sse", this::sse);
        server.createContext("/endless", this::endless);
        server.createContext("/silent", this::silent);
        server.createContext("/big", exchange -> answer(exchange, 200, "application/json", new byte[5000], true));
        server.createContext("/big-declared", exchange -> answer(exchange, 200, "application/json", new byte[5000], false));
        server.createContext("/json", exchange -> {
            requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] in = exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, "application/json", ("{\"got\":" + new String(in, StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8), true);
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/json");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        EgressFactory config = new EgressFactory();
        config.setAllowPrivateNetworks(true);
        config.setConnectTimeout(Duration.seconds(2));
        config.setReadTimeout(Duration.seconds(2));
        config.setMaxResponseSize(DataSize.kibibytes(1));
        client = new GuardedHttpClient(config, (target, purpose, reason) -> audited.add(purpose + " " + reason));
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        firstEventRead.countDown();
        client.stop();
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of("Accept", List.of("text/event-stream")), Optional.empty(), false,
                "test");
    }

    private static StreamOptions options(java.time.Duration idle, long max) {
        return new StreamOptions(idle, max);
    }

    /** Two events; the second only once the client has read the first (or after 5 s, when it is buffered). */
    private void sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("id: 1\ndata: {\"first\":true}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                firstEventRead.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lastEventSent.set(true);
            out.write("id: 2\ndata: {\"last\":true}\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Events until the reader goes away; then notes that it saw the connection close. */
    private void endless(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < 600; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException e) {
            upstreamSawClose.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** An event stream that says one thing and then nothing. */
    private void silent(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body, boolean chunked)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void theFirstEventArrivesBeforeTheLastIsSent() throws Exception {
        try (OutboundStream stream = client.open(get(uri("/sse")), options(java.time.Duration.ofSeconds(10), 1024))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.isEventStream()).isTrue();
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("id: 1");
            assertThat(reader.readLine()).isEqualTo("data: {\"first\":true}");
            assertThat(lastEventSent).as("the first event was handed on before the server sent the last").isFalse();
            firstEventRead.countDown();
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo("id: 2");
            assertThat(reader.readLine()).isEqualTo("data: {\"last\":true}");
        }
    }

    @Test
    void anEventStreamHasNoSizeLimitButJsonHas() throws Exception {
        // 1 KiB allowed: the endless stream passes far more than that.
        try (OutboundStream stream = client.open(get(uri("/endless")), options(java.time.Duration.ofSeconds(10), 16))) {
            assertThat(stream.body().readNBytes(200)).hasSize(200);
        }
        try (OutboundStream stream = client.open(get(uri("/big")), options(java.time.Duration.ofSeconds(10), 1024))) {
            assertThatThrownBy(() -> stream.body().readAllBytes()).isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(EgressException.class).hasMessageContaining("larger than 1024 bytes");
        }
        assertThatThrownBy(() -> client.open(get(uri("/big-declared")), options(java.time.Duration.ofSeconds(10), 1024)))
                .isInstanceOf(EgressException.class).hasMessageContaining("larger than 1024 bytes");
    }

    @Test
    void closingTheStreamClosesTheUpstreamConnection() throws Exception {
        OutboundStream stream = client.open(get(uri("/endless")), options(java.time.Duration.ofSeconds(10), 1024));
        assertThat(stream.body().read()).isNotNegative();
        stream.close();
        assertThat(upstreamSawClose.await(10, TimeUnit.SECONDS)).as("the upstream's writes fail once we close").isTrue();
    }

    @Test
    void aSilentStreamEndsAfterTheIdleTimeout() throws Exception {
        long started = System.nanoTime();
        try (OutboundStream stream = client.open(get(uri("/silent")), options(java.time.Duration.ofMillis(500), 1024))) {
            assertThatThrownBy(() -> stream.body().readAllBytes()).isInstanceOf(IOException.class);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(4000);
    }

    @Test
    void postsTheBodyAndNeverFollowsARedirect() throws Exception {
        OutboundRequest post = new OutboundRequest("POST", uri("/json"), Map.of("Content-Type",
                List.of("application/json"), "Mcp-Session-Id", List.of("abc")),
                Optional.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), false, "test");
        try (OutboundStream stream = client.open(post, options(java.time.Duration.ofSeconds(5), 1024))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"got\":{\"a\":1}}");
        }
        assertThat(requestHeaders.get(0).get("Mcp-session-id")).containsExactly("abc");
        assertThat(requestHeaders.get(0).get("Accept-encoding")).containsExactly("identity");
        try (OutboundStream stream = client.open(get(uri("/redirect")), options(java.time.Duration.ofSeconds(5), 1024))) {
            assertThat(stream.status()).isEqualTo(302);
        }
        assertThat(requestHeaders).hasSize(1);
    }

    @Test
    void theGuardStillDecides() throws Exception {
        EgressFactory strict = new EgressFactory();
        GuardedHttpClient guarded = new GuardedHttpClient(strict, (target, purpose, reason) -> audited.add(reason));
        guarded.start();
        try {
            assertThatThrownBy(() -> guarded.open(get(uri("/sse")), options(java.time.Duration.ofSeconds(5), 1024)))
                    .isInstanceOf(EgressException.class);
            assertThat(audited).isNotEmpty();
        } finally {
            guarded.stop();
        }
    }
}
