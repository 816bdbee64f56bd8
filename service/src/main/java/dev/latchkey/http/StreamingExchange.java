package dev.latchkey.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One request whose response body is handed on as it arrives, on the same Jetty client as every
 * other outbound request: no redirects, no cookies, no HTTP authentication handling.
 */
final class StreamingExchange {

    private final HttpClient client;
    private final Duration readTimeout;

    StreamingExchange(HttpClient client, Duration readTimeout) {
        this.client = client;
        this.readTimeout = readTimeout;
    }

    OutboundStream open(String method, URI uri, Map<String, List<String>> headers, byte[] body,
                        StreamOptions options) {
        long idle = Math.max(1, options.idleTimeout().toMillis());
        // No total timeout: an event stream may last as long as it keeps talking.
        Request request = client.newRequest(uri).method(method).idleTimeout(idle, TimeUnit.MILLISECONDS);
        request.headers(fields -> {
            headers.forEach((name, values) -> values.forEach(value -> fields.add(name, value)));
            // The body is passed on byte for byte: no content coding to undo or to announce.
            fields.put("Accept-Encoding", "identity");
        });
        if (body != null) {
            String type = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("application/octet-stream");
            request.body(new BytesRequestContent(type, body));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response = awaitHeaders(listener, request, idle);
        Map<String, List<String>> responseHeaders = headersOf(response);
        AtomicBoolean done = new AtomicBoolean();
        Runnable abort = () -> {
            if (done.compareAndSet(false, true)) {
                request.abort(new IOException("closed before the end of the response"));
            }
        };
        String type = response.getHeaders().get("Content-Type");
        InputStream in = listener.getInputStream();
        if (type != null && OutboundStream.isEventStream(type)) {
            return new OutboundStream(response.getStatus(), responseHeaders, in, abort);
        }
        long max = options.maxBodyBytes();
        String length = response.getHeaders().get("Content-Length");
        if (length != null && parseLong(length) > max) {
            abort.run();
            throw tooLarge(max);
        }
        // Not a stream: the whole body within the read timeout, and no more than allowed.
        Scheduler.Task deadline = client.getScheduler().schedule(
                () -> request.abort(new EgressException(EgressException.Kind.TIMEOUT,
                        "the server did not finish its answer in time")),
                Math.max(1, readTimeout.toMillis()), TimeUnit.MILLISECONDS);
        return new OutboundStream(response.getStatus(), responseHeaders, new Bounded(in, max, abort, deadline),
                () -> {
                    deadline.cancel();
                    abort.run();
                });
    }

    private static Response awaitHeaders(InputStreamResponseListener listener, Request request, long idleMillis) {
        try {
            return listener.get(idleMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new EgressException(EgressException.Kind.TIMEOUT, "the server did not answer in time");
        } catch (ExecutionException e) {
            throw SingleExchange.translate(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new EgressException(EgressException.Kind.NETWORK, "interrupted");
        }
    }

    private static Map<String, List<String>> headersOf(Response response) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            out.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        return out;
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static EgressException tooLarge(long max) {
        return new EgressException(EgressException.Kind.TOO_LARGE, "the response is larger than " + max + " bytes");
    }

    /** A body that may not exceed its limit; reaching the end lifts the deadline. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private final Runnable abort;
        private final Scheduler.Task deadline;
        private long read;

        Bounded(InputStream in, long max, Runnable abort, Scheduler.Task deadline) {
            super(in);
            this.max = max;
            this.abort = abort;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                deadline.cancel();
                throw new IOException(SingleExchange.translate(e).getMessage(), SingleExchange.translate(e));
            }
            if (n < 0) {
                deadline.cancel();
                return n;
            }
            read += n;
            if (read > max) {
                deadline.cancel();
                abort.run();
                EgressException tooLarge = tooLarge(max);
                throw new IOException(tooLarge.getMessage(), tooLarge);
            }
            return n;
        }
    }
}
