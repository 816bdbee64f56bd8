package dev.latchkey.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.security.Sealer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's part in MCP's second generation (2026-07-28): a POST is checked before it goes upstream
 * ({@link StatelessRequest}), the gateway's own {@code requestState} is taken out of a retry
 * ({@link RequestState}: refused when changed, expired, replayed or another subject's), the message goes
 * upstream with the subject's token ({@link UpstreamCall}), an answer stream closed by the client closes
 * the upstream request ({@link CancellingRelay}), and a request the user must authorize first is answered
 * as the client can handle it ({@link #authorizeFirst}). GET and DELETE do not exist in this generation.
 */
public final class Generation2Exchange {

    /** The SQL objects behind request states, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = RequestStateStore.SQL_OBJECTS;

    private static final Logger LOG = LoggerFactory.getLogger(Generation2Exchange.class);

    /**
     * What generation 2 needs from the application: the sealer for request states, the database that
     * records their single use, the timer of {@link CancellingRelay}'s heartbeat.
     */
    public record Needs(Sealer sealer, Jdbi jdbi, ScheduledExecutorService timer, Clock clock) {
    }

    private final UpstreamAccess access;
    private final UpstreamCall call;
    private final RequestState states;
    private final CancellingRelay streams;
    private final UpstreamRelay relay;
    private final InputRequiredAnswer results;
    private final JsonRpcAnswers answers;
    private final AuthorizationAnswer authorization;
    private final ObjectMapper json;

    static Generation2Exchange wire(Needs needs, UpstreamAccess access, UpstreamCall call, Duration heartbeat,
                                    JsonRpcAnswers answers, ObjectMapper json) {
        return new Generation2Exchange(access, call, new RequestState(needs.sealer(),
                new RequestStateStore(needs.jdbi()), json, needs.clock()),
                new CancellingRelay(needs.timer(), heartbeat), new UpstreamRelay(answers), answers, json);
    }

    Generation2Exchange(UpstreamAccess access, UpstreamCall call, RequestState states, CancellingRelay streams,
                        UpstreamRelay relay, JsonRpcAnswers answers, ObjectMapper json) {
        this.access = access;
        this.call = call;
        this.states = states;
        this.streams = streams;
        this.relay = relay;
        this.results = new InputRequiredAnswer(json);
        this.answers = answers;
        this.authorization = new AuthorizationAnswer(answers);
        this.json = json;
    }

    /**
     * Whether the exchange is of the second generation: a POST whose body's {@code _meta} version or whose
     * {@code MCP-Protocol-Version} names 2026-07-28 or later, or another method with such a header.
     */
    boolean accepts(ClientExchange x) {
        String version = x.request().getHeader("MCP-Protocol-Version");
        return x.isPost() ? StatelessRequest.isGeneration2(version, x.body().orElse(null), json)
                : StatelessRequest.isModern(version);
    }

    void serve(ClientExchange x) throws IOException {
        if (!x.isPost()) {
            // No session to end, no stream to open: server-initiated messages come by subscriptions/listen.
            x.response().setHeader("Allow", "POST");
            answers.refuse(x.response(), 405, JsonRpcAnswers.INVALID_REQUEST,
                    "Protocol " + StatelessRequest.FIRST_VERSION + " and later are served by POST only.");
            return;
        }
        Step step = prepare(x.request()::getHeader, x.body().orElseThrow(), x.caller(), x.server());
        if (step instanceof Refused refused) {
            answers.write(x.response(), refused.status(), refused.body());
            return;
        }
        Forward forward = (Forward) step;
        // Mcp-Session-Id means nothing in this generation: it is not passed on.
        UpstreamCall.Outcome outcome = call.send(x.caller(), x.server(), new UpstreamCall.Message("POST",
                x.forwardedHeaders("Mcp-Session-Id", "Last-Event-ID"), Optional.of(forward.body())));
        if (outcome instanceof UpstreamCall.Answered answered) {
            if (answered.answer().isEventStream()) {
                streams.relay(answered.answer(), x.response());
            } else {
                relay.relay(answered.answer(), x.response(), Optional.empty());
            }
        } else if (forward.request().isEmpty()) {
            x.response().setStatus(202);
            x.response().setContentLength(0);
        } else {
            authorizeFirst(x, forward.request().get(), ((UpstreamCall.AuthorizeFirst) outcome).stepUpChallenge());
        }
    }

    /** What to do with a generation-2 POST after {@link #prepare}. */
    sealed interface Step permits Forward, Refused {
    }

    /**
     * Go on with {@code body} (without the gateway's own state and input response); {@code request} is
     * empty for a notification.
     */
    record Forward(byte[] body, Optional<StatelessRequest> request) implements Step {
    }

    /** Refused with this status and JSON-RPC error; nothing goes upstream. */
    record Refused(int status, ObjectNode body) implements Step {
    }

    /** Checks a generation-2 POST of {@code caller}'s; {@code headers} gives a header's value by name. */
    Step prepare(Function<String, String> headers, byte[] body, GatewayCaller caller, UpstreamServer server) {
        StatelessRequest.Outcome read = StatelessRequest.read(headers, body, json);
        if (read instanceof StatelessRequest.Refused refused) {
            return new Refused(refused.status(), answers.error(refused.id(), refused.code(), refused.message()));
        }
        if (read instanceof StatelessRequest.Notification) {
            return new Forward(body, Optional.empty());
        }
        StatelessRequest request = ((StatelessRequest.Valid) read).request();
        JsonNode presented = request.params().get("requestState");
        if (presented == null || !presented.isTextual() || !RequestState.isOurs(presented.asText())) {
            // No state, or the upstream server's own: the request goes on as it is.
            return new Forward(body, Optional.of(request));
        }
        RequestState.Opened opened = states.open(presented.asText(), states.bindingOf(caller, server, request));
        if (opened instanceof RequestState.Refused refused) {
            LOG.info("gateway: refused a requestState ({}) from a token of tenant {} for server {}", refused.reason(),
                    caller.tenant(), server.id());
            return new Refused(400, answers.error(request.id(), StatelessRequest.INVALID_PARAMS,
                    refusal(refused.reason())));
        }
        withoutOwnState(request.params());
        return new Forward(bytes(request.message()), Optional.of(request));
    }

    /**
     * The answer to a generation-2 request while the subject has no usable connection: to a client that
     * declared URL elicitation, a request that may return {@code input_required} ({@code tools/call},
     * {@code prompts/get}, {@code resources/read}) gets it, with the landing link and a new state; to
     * any other client a {@code tools/call} gets the notice as a failed tool result; everything else
     * gets the gateway's -32001 error, as in the first generation. {@code server/discover} is answered
     * for the upstream server, without starting a flow.
     */
    void authorizeFirst(ClientExchange x, StatelessRequest request, Optional<String> stepUpChallenge)
            throws IOException {
        GatewayCaller caller = x.caller();
        UpstreamServer server = x.server();
        HttpServletResponse response = x.response();
        if (request.method().equals("server/discover")) {
            answers.write(response, 200, results.discovery(request.id(), request.protocolVersion(), server.name(),
                    "Requests are relayed by Latchkey to " + server.name() + ". The user has not authorized it"
                            + " yet: the first tool call answers with the link to do so."));
            return;
        }
        boolean inputRequired = StatelessRequest.NAMED.containsKey(request.method())
                && request.acceptsUrlElicitation();
        if (!inputRequired && !request.method().equals("tools/call")) {
            answers.write(response, 200, authorization.answer(x.message().orElseThrow(),
                    AuthorizationAnswer.Audience.OUTSIDE_SESSION, server,
                    () -> access.authorize(caller, server, stepUpChallenge)).body());
            return;
        }
        FlowStarter.Started started = access.authorize(caller, server, stepUpChallenge);
        ObjectNode answer;
        if (inputRequired) {
            String state = states.issue(states.bindingOf(caller, server, request), started.flow().id(),
                    started.flow().expiresAt());
            answer = results.inputRequired(request.id(), "Authorize access to " + server.name()
                    + " in your browser; the request continues once you have.", started.authorizationUrl(), state);
        } else {
            answer = results.toolError(request.id(), started.event().notice());
        }
        answers.write(response, 200, answer);
    }

    /** The gateway's state and its input response are for the gateway: the upstream never sees them. */
    private static void withoutOwnState(ObjectNode params) {
        params.remove("requestState");
        JsonNode responses = params.get("inputResponses");
        if (responses instanceof ObjectNode object) {
            object.remove(InputRequiredAnswer.INPUT_KEY);
            if (object.isEmpty()) {
                params.remove("inputResponses");
            }
        }
    }

    private static String refusal(RequestState.Reason reason) {
        return switch (reason) {
            case INVALID -> "The requestState is not one this gateway issued for this request.";
            case EXPIRED -> "The requestState has expired: send the request again without it.";
            case REPLAYED -> "The requestState was used before: send the request again without it.";
        };
    }

    private byte[] bytes(ObjectNode message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the message", e);
        }
    }
}
