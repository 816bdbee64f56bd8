package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.session.GatewaySession;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.http.OutboundStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCP sessions of protocol generation 1 (2025-03-26 to 2025-11-25) through the gateway. Every session is
 * the gateway's own: the client's {@code Mcp-Session-Id} names a gateway session (bound to the token and
 * server), and the upstream server's session id stays inside Latchkey.
 *
 * <p>A client's initialize goes upstream at once when the subject has a usable connection; otherwise the
 * gateway answers it itself (capabilities: tools, with {@code listChanged}) and opens the upstream session
 * later with the client's own initialize params, when the first request after the user's authorization
 * arrives ({@link UpstreamInitializer}). Until then requests get the {@link AuthorizationAnswer} the
 * client's capabilities call for, and its GET gets the gateway's own stream ({@link HostedStreams}), on
 * which it learns when the user is done — so the retry is served in the same session.
 */
final class SessionExchange {

    /** The revisions of generation 1; a client asking for another gets the newest. */
    static final Set<String> VERSIONS = Set.of("2025-11-25", "2025-06-18", "2025-03-26");
    static final String NEWEST = "2025-11-25";
    /** Kept with the session: clientInfo and capabilities are small; anything bigger is not an initialize. */
    static final int MAX_INITIALIZE_PARAMS = 16_000;
    private static final String SESSION = "Mcp-Session-Id";
    private static final String VERSION = "MCP-Protocol-Version";

    private final UpstreamCall call;
    private final UpstreamRelay relay;
    private final UpstreamInitializer initializer;
    private final AuthorizeFirst authorizeFirst;
    private final GatewaySessions sessions;
    private final HostedStreams streams;
    private final JsonRpcAnswers answers;
    private final ObjectMapper json;

    SessionExchange(UpstreamCall call, UpstreamRelay relay, UpstreamInitializer initializer,
                    AuthorizeFirst authorizeFirst, GatewaySessions sessions, HostedStreams streams,
                    JsonRpcAnswers answers, ObjectMapper json) {
        this.call = call;
        this.relay = relay;
        this.initializer = initializer;
        this.authorizeFirst = authorizeFirst;
        this.sessions = sessions;
        this.streams = streams;
        this.answers = answers;
        this.json = json;
    }

    /** The client's initialize request: a new gateway session, initialized upstream now or later. */
    void initialize(ClientExchange x) throws IOException {
        McpMessage message = x.message().orElseThrow();
        String params = json.writeValueAsString(message.params());
        if (!message.params().isObject() || params.length() > MAX_INITIALIZE_PARAMS) {
            answers.write(x.response(), 400, answers.error(message.id(), JsonRpcAnswers.INVALID_PARAMS,
                    "The initialize params must be an object of at most " + MAX_INITIALIZE_PARAMS + " characters."));
            return;
        }
        boolean urlElicitation = message.params().path("capabilities").path("elicitation").has("url");
        String requested = message.params().path("protocolVersion").asText("");
        UpstreamCall.Outcome outcome = call.send(x.caller(), x.server(),
                new UpstreamCall.Message("POST", x.forwardedHeaders(SESSION), x.body()));
        if (outcome instanceof UpstreamCall.Answered answered) {
            OutboundStream answer = answered.answer();
            if (answer.status() / 100 != 2) {
                relay.relay(answer, x.response(), Optional.empty());
                return;
            }
            Optional<String> upstreamSession = answer.header("mcp-session-id").filter(GatewayHeaders::isClean);
            GatewaySession session = sessions.open(x.owner(), requested.isEmpty() ? NEWEST : requested,
                    urlElicitation, params, Optional.of(upstreamSession));
            relay.relay(answer, x.response(), Optional.of(session.id()));
            return;
        }
        String version = VERSIONS.contains(requested) ? requested : NEWEST;
        GatewaySession session = sessions.open(x.owner(), version, urlElicitation, params, Optional.empty());
        x.response().setHeader(SESSION, session.id());
        answers.write(x.response(), 200, answers.result(message.id(), ownInitializeResult(version, x.server())));
    }

    /** A request naming a session: POST, GET (the client's event stream) or DELETE (the end of it). */
    void serve(ClientExchange x, String sessionId) throws IOException {
        Optional<GatewaySession> found = sessions.find(sessionId, x.owner());
        if (found.isEmpty()) {
            // 404 tells a client to initialize again (Streamable HTTP).
            answers.refuse(x.response(), 404, JsonRpcAnswers.INVALID_REQUEST, "No such MCP session: it has ended,"
                    + " expired, or belongs to another token or server. Initialize a new one.");
            return;
        }
        GatewaySession session = found.get();
        switch (x.method()) {
            case "DELETE" -> end(x, session);
            case "GET" -> stream(x, session);
            default -> post(x, session);
        }
    }

    private void post(ClientExchange x, GatewaySession session) throws IOException {
        McpMessage message = x.message().orElseThrow();
        boolean request = message.kind() == McpMessage.Kind.REQUEST;
        if (!session.upstreamReady() && !request) {
            // notifications/initialized and the like: the gateway sends its own when it opens the upstream.
            x.response().setStatus(202);
            x.response().setContentLength(0);
            return;
        }
        forward(x, session, true);
    }

    private void stream(ClientExchange x, GatewaySession session) throws IOException {
        Optional<GatewaySession> ready = ready(x, session);
        if (ready.isPresent()) {
            UpstreamCall.Outcome outcome = send(x, ready.get());
            if (outcome instanceof UpstreamCall.Answered answered) {
                if (answered.answer().status() != 405) {
                    relay.relay(answered.answer(), x.response(), Optional.of(session.id()));
                    return;
                }
                // The upstream has no event stream of its own: the gateway's carries its announcements.
                answered.answer().close();
            }
        }
        streams.host(session, x.request(), x.response());
    }

    private void end(ClientExchange x, GatewaySession session) throws IOException {
        sessions.end(session);
        if (session.upstreamReady() && session.upstreamSessionId().isPresent()) {
            // Best effort: the upstream forgets its session too; the client's session is over either way.
            try {
                UpstreamCall.Outcome outcome = send(x, session);
                if (outcome instanceof UpstreamCall.Answered answered) {
                    answered.answer().close();
                }
            } catch (RuntimeException upstreamTrouble) {
                // ended here all the same
            }
        }
        x.response().setStatus(204);
    }

    /**
     * Sends the client's message upstream in the session's upstream session (opening it first when
     * needed). Once, when the upstream no longer knows its session (404), a new one is opened and the
     * message sent again.
     */
    private void forward(ClientExchange x, GatewaySession session, boolean mayReopen) throws IOException {
        Optional<GatewaySession> ready = ready(x, session);
        if (ready.isEmpty()) {
            authorizeFirst.respond(x, UpstreamCall.AuthorizeFirst.NO_CONNECTION,
                    AuthorizationAnswer.Audience.of(session.urlElicitation()), Optional.of(session));
            return;
        }
        UpstreamCall.Outcome outcome = send(x, ready.get());
        if (outcome instanceof UpstreamCall.AuthorizeFirst why) {
            authorizeFirst.respond(x, why, AuthorizationAnswer.Audience.of(session.urlElicitation()),
                    Optional.of(session));
            return;
        }
        OutboundStream answer = ((UpstreamCall.Answered) outcome).answer();
        if (answer.status() == 404 && mayReopen && ready.get().upstreamSessionId().isPresent()) {
            answer.close();
            sessions.upstreamLost(ready.get());
            forward(x, ready.get().withoutUpstream(), false);
            return;
        }
        relay.relay(answer, x.response(), Optional.of(session.id()));
    }

    /** The session with its upstream session open; empty while the user must authorize first. */
    private Optional<GatewaySession> ready(ClientExchange x, GatewaySession session) {
        if (session.upstreamReady()) {
            return Optional.of(session);
        }
        UpstreamInitializer.Outcome opened = initializer.open(x.caller(), x.server(), session, x.owner());
        return opened instanceof UpstreamInitializer.Opened done ? Optional.of(done.session()) : Optional.empty();
    }

    private UpstreamCall.Outcome send(ClientExchange x, GatewaySession session) {
        Map<String, List<String>> headers = x.forwardedHeaders(SESSION);
        session.upstreamSessionId().ifPresent(id -> headers.put(SESSION, List.of(id)));
        session.upstreamProtocolVersion().ifPresent(version -> {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(VERSION));
            headers.put(VERSION, List.of(version));
        });
        return call.send(x.caller(), x.server(), new UpstreamCall.Message(x.method(), headers, x.body()));
    }

    /** The gateway's own initialize result, for a client whose user has not authorized the server yet. */
    private ObjectNode ownInitializeResult(String version, UpstreamServer server) {
        ObjectNode result = answers.object().put("protocolVersion", version);
        result.putObject("capabilities").putObject("tools").put("listChanged", true);
        result.putObject("serverInfo").put("name", "latchkey-gateway").put("title", server.name())
                .put("version", "1");
        result.put("instructions", server.name() + " is reached through Latchkey. The user has not authorized it"
                + " yet: the first request answers with the sign-in link, and the server's own tools and"
                + " capabilities are there once the user has signed in.");
        return result;
    }
}
