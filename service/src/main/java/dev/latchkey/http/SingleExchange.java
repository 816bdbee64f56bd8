package dev.latchkey.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/** One request and its bounded response, without following redirects. */
final class SingleExchange {

    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxBytes;

    SingleExchange(HttpClient client, Duration readTimeout, long maxBytes) {
        this.client = client;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    OutboundResponse send(String method, URI uri, Map<String, List<String>> headers, byte[] body,
                          Optional<Duration> limit) {
        Duration timeout = limit.filter(l -> l.compareTo(readTimeout) < 0).orElse(readTimeout);
        Request request = client.newRequest(uri).method(method)
                .timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .idleTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        // Compressed discovery bodies have broken parsers at some providers: identity only.
        JettyExchanges.prepare(request, headers, body);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response = JettyExchanges.awaitHeaders(listener, request, timeout.toMillis());
        byte[] content = readBounded(listener, request, response);
        return new OutboundResponse(response.getStatus(), JettyExchanges.headersOf(response), content, uri);
    }

    private byte[] readBounded(InputStreamResponseListener listener, Request request, Response response) {
        if (JettyExchanges.announcesMoreThan(response, maxBytes)) {
            request.abort(new IOException("response too large"));
            throw tooLarge();
        }
        try (InputStream in = listener.getInputStream()) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                request.abort(new IOException("response too large"));
                throw tooLarge();
            }
            return content;
        } catch (IOException | RuntimeException e) {
            // Jetty may fail the body with an unchecked exception: callers expect only EgressException.
            throw JettyExchanges.translate(e);
        }
    }

    private EgressException tooLarge() {
        return JettyExchanges.tooLarge(maxBytes);
    }
}
