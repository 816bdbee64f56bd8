package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.session.GatewaySession;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.gateway.session.SessionOwner;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.http.OutboundStream;
import dev.latchkey.http.ServerSentEvents;
import dev.latchkey.protocol.Failure;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opens the upstream session of a gateway session whose initialize the gateway answered itself (the
 * user had not authorized yet): once a token exists, the client's own initialize params go upstream,
 * the answer gives the upstream's session id and protocol version, and {@code notifications/initialized}
 * follows — then the client's request goes on in the same session. On this instance one request per
 * session opens it (the others wait and use it); across instances the database keeps the first.
 */
final class UpstreamInitializer {

    /** What came of it. */
    sealed interface Outcome permits Opened, AuthorizeFirst {
    }

    record Opened(GatewaySession session) implements Outcome {
    }

    record AuthorizeFirst(UpstreamCall.AuthorizeFirst why) implements Outcome {
    }

    /** The gateway's own request id for the initialize it sends: it answers nobody downstream. */
    static final String INITIALIZE_ID = "latchkey-gateway-initialize";
    private static final long MAX_ANSWER_CHARS = 1 << 20;
    private static final int LOCK_STRIPES = 64;

    private final UpstreamCall call;
    private final GatewaySessions sessions;
    private final ObjectMapper json;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    UpstreamInitializer(UpstreamCall call, GatewaySessions sessions, ObjectMapper json) {
        this.call = call;
        this.sessions = sessions;
        this.json = json;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    Outcome open(GatewayCaller caller, UpstreamServer server, GatewaySession session, SessionOwner owner) {
        ReentrantLock lock = locks[Math.floorMod(session.id().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            GatewaySession current = sessions.findFresh(session.id(), owner).orElse(session);
            if (current.upstreamReady()) {
                return new Opened(current);
            }
            UpstreamCall.Outcome sent = call.send(caller, server, new UpstreamCall.Message("POST",
                    headers(Optional.empty(), Optional.empty()), Optional.of(initialize(current))));
            if (sent instanceof UpstreamCall.AuthorizeFirst why) {
                return new AuthorizeFirst(why);
            }
            OutboundStream answer = ((UpstreamCall.Answered) sent).answer();
            Optional<String> upstreamSession;
            String version;
            try (answer) {
                if (answer.status() / 100 != 2) {
                    throw Failure.upstream("upstream_initialize_failed", "The upstream MCP server refused to"
                            + " initialize the session (HTTP " + answer.status() + ").");
                }
                upstreamSession = answer.header("mcp-session-id").filter(GatewayHeaders::isClean);
                version = protocolVersion(answer);
            }
            UpstreamCall.Outcome initialized = call.send(caller, server, new UpstreamCall.Message("POST",
                    headers(upstreamSession, Optional.of(version)), Optional.of(initializedNotification())));
            if (initialized instanceof UpstreamCall.Answered done) {
                done.answer().close();
            }
            sessions.upstreamOpened(current, upstreamSession, Optional.of(version));
            return new Opened(sessions.findFresh(session.id(), owner).orElseThrow(() -> Failure.notFound(
                    "session_not_found", "The MCP session has ended.")));
        } finally {
            lock.unlock();
        }
    }

    /** The headers of a message of the gateway's own to the upstream server. */
    static Map<String, List<String>> headers(Optional<String> upstreamSession, Optional<String> protocolVersion) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("application/json, text/event-stream"));
        headers.put("Content-Type", List.of("application/json"));
        upstreamSession.ifPresent(id -> headers.put("Mcp-Session-Id", List.of(id)));
        protocolVersion.ifPresent(version -> headers.put("MCP-Protocol-Version", List.of(version)));
        return headers;
    }

    private byte[] initialize(GatewaySession session) {
        try {
            ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", INITIALIZE_ID)
                    .put("method", "initialize");
            message.set("params", json.readTree(session.initializeParams()));
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("stored initialize params are not JSON", e);
        }
    }

    private byte[] initializedNotification() {
        try {
            return json.writeValueAsBytes(json.createObjectNode().put("jsonrpc", "2.0")
                    .put("method", "notifications/initialized"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The protocol version of the upstream's initialize result, from a JSON answer or an event stream. */
    private String protocolVersion(OutboundStream answer) {
        try {
            JsonNode response = answer.isEventStream() ? fromEvents(answer) : json.readTree(answer.body());
            JsonNode version = response == null ? null : response.path("result").path("protocolVersion");
            if (version == null || !version.isTextual() || !GatewayHeaders.isClean(version.asText())) {
                String error = response == null ? "" : response.path("error").path("message").asText("");
                throw Failure.upstream("upstream_initialize_failed", "The upstream MCP server did not initialize"
                        + " the session" + (error.isEmpty() ? "." : ": " + abbreviated(error)));
            }
            return version.asText();
        } catch (IOException e) {
            throw Failure.upstream("upstream_initialize_failed", "The upstream MCP server's initialize answer"
                    + " could not be read: " + e.getMessage());
        }
    }

    private JsonNode fromEvents(OutboundStream answer) throws IOException {
        ServerSentEvents events = new ServerSentEvents(answer.body(), MAX_ANSWER_CHARS);
        Optional<String> data;
        while ((data = events.nextData()).isPresent()) {
            JsonNode message;
            try {
                message = json.readTree(data.get());
            } catch (IOException notJson) {
                continue;
            }
            if (message != null && INITIALIZE_ID.equals(message.path("id").asText(null))) {
                return message;
            }
        }
        return null;
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
