package dev.latchkey.gateway;

import dev.latchkey.http.OutboundStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a generation-2 answer's event stream to the client, and closes the upstream exchange as soon
 * as the client has gone: in 2026-07-28 closing a request's stream cancels the request. A servlet only
 * learns that the client left when a write fails, and an upstream busy with a long tool call writes
 * nothing; so while the upstream is silent, a comment line ({@code :}, which SSE clients ignore) is
 * written between events every {@code heartbeat}. The write that fails closes the upstream connection,
 * which the upstream server sees as the end of the request.
 */
final class CancellingRelay {

    private static final Logger LOG = LoggerFactory.getLogger(CancellingRelay.class);
    private static final byte[] COMMENT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ScheduledExecutorService timer;
    private final Duration heartbeat;

    CancellingRelay(ScheduledExecutorService timer, Duration heartbeat) {
        this.timer = timer;
        this.heartbeat = heartbeat;
    }

    /** Passes an upstream event stream on: its status, the allowed headers, then the events as they come. */
    void relay(OutboundStream upstream, HttpServletResponse response) throws IOException {
        try (upstream) {
            response.setStatus(upstream.status());
            GatewayHeaders.downstream(upstream.headers())
                    .forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setHeader("X-Accel-Buffering", "no");
            OutputStream out = response.getOutputStream();
            response.flushBuffer();
            copy(upstream, out);
        }
    }

    /**
     * Copies {@code upstream}'s body (an event stream whose status and headers are already set on the
     * response) to {@code out}, flushing each chunk. Returns when either side ends; the upstream is
     * closed by the caller. Throws when the upstream broke off (the client's stream must not look complete).
     */
    void copy(OutboundStream upstream, OutputStream out) throws IOException {
        Copy copy = new Copy(out, upstream);
        long period = Math.max(1, heartbeat.toMillis());
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(copy::beat, period, period, TimeUnit.MILLISECONDS);
        try {
            copy.run(upstream.body());
        } finally {
            beat.cancel(false);
            copy.finish();
        }
    }

    /**
     * One copy: the writes of the relay and of the heartbeat never interleave (one lock). The heartbeat
     * only tries the lock: while the relay is busy writing, it has nothing to add, and the one timer
     * thread must never wait on a client that does not read.
     */
    private final class Copy {
        private final OutputStream out;
        private final OutboundStream upstream;
        private final ReentrantLock lock = new ReentrantLock();
        /** The last bytes written, to know whether the stream is between two events. */
        private int tail = 0x0A0A;
        private long lastWrite = System.nanoTime();
        private volatile boolean finished;
        private volatile boolean clientGone;

        Copy(OutputStream out, OutboundStream upstream) {
            this.out = out;
            this.upstream = upstream;
        }

        void run(InputStream in) throws IOException {
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException broke) {
                    if (clientGone) {
                        return;
                    }
                    throw broke;
                }
                if (n < 0) {
                    return;
                }
                lock.lock();
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                    for (int i = Math.max(0, n - 4); i < n; i++) {
                        tail = tail << 8 | (buffer[i] & 0xFF);
                    }
                    lastWrite = System.nanoTime();
                } catch (IOException clientWentAway) {
                    clientGone = true;
                    LOG.debug("client closed a generation-2 stream: the upstream request is closed");
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }

        void beat() {
            if (finished || clientGone || !lock.tryLock()) {
                return;
            }
            try {
                // A blank line ends an event: LF LF, or CR LF CR LF.
                boolean betweenEvents = (tail & 0xFFFF) == 0x0A0A || tail == 0x0D0A0D0A;
                if (!betweenEvents || System.nanoTime() - lastWrite < heartbeat.toNanos() / 2) {
                    return;
                }
                out.write(COMMENT);
                out.flush();
                lastWrite = System.nanoTime();
            } catch (IOException clientWentAway) {
                clientGone = true;
            } finally {
                lock.unlock();
            }
            if (clientGone) {
                LOG.debug("client closed a generation-2 stream while the upstream was silent: closing it");
                // Unblocks the relay's read; the upstream server sees its connection close.
                upstream.close();
            }
        }

        void finish() {
            finished = true;
        }
    }
}
