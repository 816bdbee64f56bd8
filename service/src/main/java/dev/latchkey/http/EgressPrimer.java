package dev.latchkey.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;

/**
 * Runs the outbound HTTP path once at start — a JSON GET, then a form POST read through the OAuth
 * SDK — with a throwaway client of the same make against a server of its own on 127.0.0.1. A JVM
 * loads and first runs that code slowly, and the first discovery after a start paid for it
 * (docs/benchmarks.md, cold flow). The guarded client is not used, so its egress rules have no
 * exception, not even for a moment; nothing leaves the machine.
 */
final class EgressPrimer {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] ANSWER = "{\"issuer\":\"https://primer.invalid\",\"client_id\":\"primer\"}"
            .getBytes(StandardCharsets.UTF_8);

    private EgressPrimer() {
    }

    /** True when both exchanges completed; false (never an exception) when the primer could not run. */
    static boolean prime() {
        HttpServer server = null;
        HttpClient client = new HttpClient();
        try {
            server = loopbackServer();
            client.setFollowRedirects(false);
            client.setHttpCookieStore(new HttpCookieStore.Empty());
            client.start();
            SingleExchange exchange = new SingleExchange(client, TIMEOUT, 64 * 1024);
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            OutboundResponse metadata = exchange.send("GET", base.resolve("/.well-known/oauth-authorization-server"),
                    Map.of("Accept", List.of("application/json")), null);
            HTTPRequest registration = new HTTPRequest(HTTPRequest.Method.POST, base.resolve("/register"));
            registration.setContentType("application/json");
            registration.setBody("{\"client_name\":\"primer\"}");
            HTTPResponse registered = NimbusHttp.toNimbus(exchange.send("POST", registration.getURI(),
                    NimbusHttp.toOutbound(registration, "primer").headers(),
                    registration.getBody().getBytes(StandardCharsets.UTF_8)));
            return metadata.status() == 200 && registered.getBodyAsJSONObject().containsKey("client_id");
        } catch (Exception | LinkageError e) {
            return false;
        } finally {
            stopQuietly(client);
            if (server != null) {
                server.stop(0);
            }
        }
    }

    private static HttpServer loopbackServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void stopQuietly(HttpClient client) {
        try {
            client.stop();
        } catch (Exception ignored) {
            // a throwaway client: nothing depends on its stopping cleanly
        }
    }
}
