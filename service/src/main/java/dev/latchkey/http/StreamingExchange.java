package dev.latchkey.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
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
        // The body is passed on byte for byte: no content coding to undo or to announce.
        JettyExchanges.prepare(request, headers, body);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response = JettyExchanges.awaitHeaders(listener, request, idle);
        Map<String, List<String>> responseHeaders = JettyExchanges.headersOf(response);
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
        if (JettyExchanges.announcesMoreThan(response, max)) {
            abort.run();
            throw JettyExchanges.tooLarge(max);
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
                throw new IOException(JettyExchanges.translate(e).getMessage(), JettyExchanges.translate(e));
            }
            if (n < 0) {
                deadline.cancel();
                return n;
            }
            read += n;
            if (read > max) {
                deadline.cancel();
                abort.run();
                EgressException tooLarge = JettyExchanges.tooLarge(max);
                throw new IOException(tooLarge.getMessage(), tooLarge);
            }
            return n;
        }
    }
}
