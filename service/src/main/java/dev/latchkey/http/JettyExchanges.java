package dev.latchkey.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;

/** What a whole exchange and a streamed one do alike on Jetty's client: the request, the wait, the errors. */
final class JettyExchanges {

    private JettyExchanges() {
    }

    /** Adds the headers and the body; asks for the body as it is, with no content coding to undo. */
    static void prepare(Request request, Map<String, List<String>> headers, byte[] body) {
        request.headers(fields -> {
            headers.forEach((name, values) -> values.forEach(value -> fields.add(name, value)));
            fields.put("Accept-Encoding", "identity");
        });
        if (body != null) {
            String type = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("application/octet-stream");
            request.body(new BytesRequestContent(type, body));
        }
    }

    /** The response's status and headers, within {@code waitMillis} (and a second's grace). */
    static Response awaitHeaders(InputStreamResponseListener listener, Request request, long waitMillis) {
        try {
            return listener.get(waitMillis + 1000, TimeUnit.MILLISECONDS);
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

    static Map<String, List<String>> headersOf(Response response) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            out.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return out;
    }

    /** Whether the response announces more than {@code maxBytes}. */
    static boolean announcesMoreThan(Response response, long maxBytes) {
        String length = response.getHeaders().get("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
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

    static EgressException timeout() {
        return new EgressException(EgressException.Kind.TIMEOUT, "the server did not answer in time");
    }

    static EgressException tooLarge(long maxBytes) {
        return new EgressException(EgressException.Kind.TOO_LARGE, "the response is larger than " + maxBytes
                + " bytes");
    }
}
