package dev.latchkey.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;

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
        request.headers(fields -> {
            headers.forEach((name, values) -> values.forEach(value -> fields.add(name, value)));
            // Compressed discovery bodies have broken parsers at some providers.
            fields.put("Accept-Encoding", "identity");
        });
        if (body != null) {
            String type = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("application/octet-stream");
            request.body(new BytesRequestContent(type, body));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response = awaitHeaders(listener, request, timeout);
        byte[] content = readBounded(listener, request, response);
        return new OutboundResponse(response.getStatus(), headersOf(response), content, uri);
    }

    private Response awaitHeaders(InputStreamResponseListener listener, Request request, Duration timeout) {
        try {
            return listener.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw timeout();
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new EgressException(EgressException.Kind.NETWORK, "interrupted");
        }
    }

    private byte[] readBounded(InputStreamResponseListener listener, Request request, Response response) {
        String length = response.getHeaders().get("Content-Length");
        if (length != null && parseLong(length) > maxBytes) {
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
            throw translate(e);
        }
    }

    private static Map<String, List<String>> headersOf(Response response) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            out.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return out;
    }

    /** Finds our own refusal or a timeout among the causes Jetty wraps it in. */
    static EgressException translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EgressException egress) {
                return egress;
            }
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return timeout();
            }
        }
        return new EgressException(EgressException.Kind.NETWORK, "the request failed: "
                + (failure == null ? "unknown error" : failure.getClass().getSimpleName()));
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static EgressException timeout() {
        return new EgressException(EgressException.Kind.TIMEOUT, "the server did not answer in time");
    }

    private EgressException tooLarge() {
        return new EgressException(EgressException.Kind.TOO_LARGE, "the response is larger than " + maxBytes + " bytes");
    }
}
