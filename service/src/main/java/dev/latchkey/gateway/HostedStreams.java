package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.gateway.session.GatewaySession;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.gateway.session.SessionAuthorization;
import dev.latchkey.store.JobExecutors;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own event stream (a session's GET) while the user has not authorized the upstream
 * server: it tells the client when an authorization it was asked for has finished —
 * {@code notifications/elicitation/complete} for a URL elicitation, {@code notifications/tools/list_changed}
 * after a notice (the server's own tools are there now). Once a flow of the session has succeeded the
 * stream ends with a short {@code retry}: the client reconnects, and that GET reaches the upstream server.
 *
 * <p>A stream holds no thread (servlet async). A timer looks every {@value #TICK_MILLIS} ms for finished
 * flows of the sessions with a stream on this instance (one query when there are any), and sends a
 * comment every {@value #KEEPALIVE_SECONDS} s so idle connections stay open and dead ones are noticed.
 */
public final class HostedStreams implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(HostedStreams.class);
    static final long TICK_MILLIS = 500;
    static final long KEEPALIVE_SECONDS = 15;
    /** How soon the client reconnects after the stream ended because the user has authorized. */
    private static final int RECONNECT_MILLIS = 250;

    private final GatewaySessions sessions;
    private final Function<String, Optional<FlowStatus>> flowStatus;
    private final ObjectMapper json;
    private final ConcurrentMap<String, Stream> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private long lastKeepalive = System.nanoTime();

    public HostedStreams(GatewaySessions sessions, Function<String, Optional<FlowStatus>> flowStatus,
                         ObjectMapper json) {
        this.sessions = sessions;
        this.flowStatus = flowStatus;
        this.json = json;
    }

    /** Answers the session's GET with the gateway's own stream; the newest stream of a session replaces older ones. */
    void host(GatewaySession session, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("Mcp-Session-Id", session.id());
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(session.id(), async, response.getOutputStream());
        async.addListener(new Forget(stream));
        Stream previous = open.put(session.id(), stream);
        if (previous != null) {
            previous.end();
        }
        stream.send(": waiting for the user's authorization\n\n");
    }

    /** How many streams are open on this instance. */
    int size() {
        return open.size();
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gateway-streams");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        JobExecutors.stop(timer);
        endAll();
    }

    /**
     * Ends every open stream (its client reconnects, to another instance behind a load balancer). Called
     * when the server begins to stop: a graceful stop waits for open requests, and these never finish.
     */
    public void endAll() {
        List.copyOf(open.values()).forEach(Stream::end);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Gateway stream pass failed; retrying at the next tick: {}", e.getClass().getName(), e);
        }
    }

    void tick() {
        if (open.isEmpty()) {
            return;
        }
        List<Stream> authorized = new ArrayList<>();
        for (SessionAuthorization asked : sessions.unannounced(open.keySet())) {
            Optional<FlowStatus> status = flowStatus.apply(asked.flowId());
            Stream stream = open.get(asked.sessionId());
            if (stream == null || status.filter(s -> s != FlowStatus.PENDING).isEmpty()) {
                continue;
            }
            boolean succeeded = status.get() == FlowStatus.AUTHORIZED;
            Optional<String> message = announcement(asked, succeeded);
            if (message.map(stream::send).orElse(true)) {
                sessions.announced(asked);
            }
            if (succeeded) {
                authorized.add(stream);
            }
        }
        authorized.forEach(stream -> {
            stream.send("retry: " + RECONNECT_MILLIS + "\n\n");
            stream.end();
        });
        if (System.nanoTime() - lastKeepalive > TimeUnit.SECONDS.toNanos(KEEPALIVE_SECONDS)) {
            lastKeepalive = System.nanoTime();
            open.values().forEach(stream -> stream.send(": keepalive\n\n"));
        }
    }

    /** The event for a finished authorization; none for a failed notice (nothing changed for the client). */
    private Optional<String> announcement(SessionAuthorization asked, boolean succeeded) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0");
        if (asked.kind() == SessionAuthorization.Kind.URL_ELICITATION) {
            message.put("method", "notifications/elicitation/complete").putObject("params")
                    .put("elicitationId", asked.flowId());
        } else if (succeeded) {
            message.put("method", "notifications/tools/list_changed");
        } else {
            return Optional.empty();
        }
        return Optional.of("event: message\ndata: " + message + "\n\n");
    }

    /** One open stream; writes come from the timer and are serialized. */
    private final class Stream {
        private final String sessionId;
        private final AsyncContext async;
        private final ServletOutputStream out;
        private boolean ended;

        Stream(String sessionId, AsyncContext async, ServletOutputStream out) {
            this.sessionId = sessionId;
            this.async = async;
            this.out = out;
        }

        synchronized boolean send(String text) {
            if (ended) {
                return false;
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException | IllegalStateException gone) {
                end();
                return false;
            }
        }

        synchronized void end() {
            if (ended) {
                return;
            }
            ended = true;
            open.remove(sessionId, this);
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // the container finished it (client gone)
            }
        }
    }

    private final class Forget implements AsyncListener {
        private final Stream stream;

        Forget(Stream stream) {
            this.stream = stream;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            open.remove(stream.sessionId, stream);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            stream.end();
        }

        @Override
        public void onError(AsyncEvent event) {
            stream.end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing to do
        }
    }
}
