package dev.latchkey.testing;

import dev.latchkey.http.EgressException;
import dev.latchkey.http.OutboundHttp;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal {@link OutboundHttp} over java.net.http for tests that talk to loopback peers, until
 * the guarded client of {@code dev.latchkey.http} replaces it: bounded timeouts, no redirects,
 * no guard.
 */
public final class JdkOutboundHttp implements OutboundHttp {

    private final HttpClient client;
    private final Duration timeout;

    public JdkOutboundHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .method(request.method(), request.body().map(HttpRequest.BodyPublishers::ofByteArray)
                        .orElse(HttpRequest.BodyPublishers.noBody()));
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("user-agent")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, java.util.List<String>> headers = response.headers().map().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue,
                            (a, b) -> a));
            return new OutboundResponse(response.statusCode(), headers, response.body(), request.uri());
        } catch (HttpTimeoutException e) {
            throw new EgressException(EgressException.Kind.TIMEOUT, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new EgressException(EgressException.Kind.NETWORK, "connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(EgressException.Kind.NETWORK, "interrupted");
        }
    }
}
