package dev.latchkey.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response whose body is read as it arrives ({@link GuardedHttpClient#open}). Header names are
 * lower case. Reading the body blocks until the peer sends more (back-pressure: Jetty asks the peer
 * for more only as the body is read). {@link #close()} before the end aborts the exchange, which
 * closes the connection to the peer.
 */
public final class OutboundStream implements AutoCloseable {

    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final Runnable abort;

    OutboundStream(int status, Map<String, List<String>> headers, InputStream body, Runnable abort) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.abort = abort;
    }

    public int status() {
        return status;
    }

    /** Every header, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether the body is a server-sent event stream ({@code text/event-stream}). */
    public boolean isEventStream() {
        return isEventStream(header("content-type").orElse(""));
    }

    static boolean isEventStream(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).strip().startsWith("text/event-stream");
    }

    /**
     * The body as it arrives. A read fails with an {@link IOException} when the peer breaks off,
     * stays silent past the idle timeout, or (not an event stream) sends more than allowed — the
     * cause is then an {@link EgressException}.
     */
    public InputStream body() {
        return body;
    }

    /** Ends the exchange; unread body is dropped and the connection to the peer closed. */
    @Override
    public void close() {
        abort.run();
        try {
            body.close();
        } catch (IOException ignored) {
            // the exchange is aborted already
        }
    }
}
