package dev.latchkey.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.security.Sealer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's part in MCP's second generation (2026-07-28): checks a POST before it goes upstream
 * ({@link StatelessRequest}), takes the gateway's own {@code requestState} out of a retry
 * ({@link RequestState}: refused when changed, expired, replayed or another subject's), and answers a
 * request the user must authorize first as the client can handle it ({@link #authorizeFirst}).
 * Everything else about the exchange — the upstream token, the call, one refresh after a 401, the
 * streamed answer — is the gateway's, as for the first generation.
 */
public final class StatelessGateway {

    /** The SQL objects behind request states, for {@code Database.describeSqlObjects}. */
    public static final List<Class<?>> SQL_OBJECTS = RequestStateStore.SQL_OBJECTS;

    private static final Logger LOG = LoggerFactory.getLogger(StatelessGateway.class);

    /**
     * What generation 2 needs from the application: the sealer for request states, the database that
     * records their single use, the timer of {@link CancellingRelay}'s heartbeat.
     */
    public record Needs(Sealer sealer, Jdbi jdbi, ScheduledExecutorService timer, Clock clock) {
    }

    private final UpstreamAccess access;
    private final RequestState states;
    private final InputRequiredAnswer results;
    private final JsonRpcAnswers answers;
    private final AuthorizationAnswer authorization;
    private final ObjectMapper json;

    static StatelessGateway wire(Needs needs, UpstreamAccess access, JsonRpcAnswers answers, ObjectMapper json) {
        return new StatelessGateway(access, new RequestState(needs.sealer(), new RequestStateStore(needs.jdbi()), json,
                needs.clock()), answers, json);
    }

    StatelessGateway(UpstreamAccess access, RequestState states, JsonRpcAnswers answers, ObjectMapper json) {
        this.access = access;
        this.states = states;
        this.results = new InputRequiredAnswer(json);
        this.answers = answers;
        this.authorization = new AuthorizationAnswer(answers);
        this.json = json;
    }

    /** What to do with a generation-2 POST after {@link #prepare}. */
    sealed interface Step permits Forward, Answered {
    }

    /**
     * Go on as for any POST, with {@code body} (without the gateway's own state and input response);
     * {@code request} is empty for a notification.
     */
    record Forward(byte[] body, Optional<StatelessRequest> request) implements Step {
    }

    /** The gateway has answered (a refusal); nothing goes upstream. */
    record Answered() implements Step {
    }

    /** Checks a generation-2 POST; answers it when it is refused. {@code headers}: a header's value by name. */
    Step prepare(Function<String, String> headers, byte[] body, GatewayCaller caller, UpstreamServer server,
                 HttpServletResponse response) throws IOException {
        StatelessRequest.Outcome read = StatelessRequest.read(headers, body, json);
        if (read instanceof StatelessRequest.Refused refused) {
            answers.write(response, refused.status(), answers.error(refused.id(), refused.code(), refused.message()));
            return new Answered();
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
            answers.write(response, 400, answers.error(request.id(), StatelessRequest.INVALID_PARAMS,
                    refusal(refused.reason())));
            return new Answered();
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
    void authorizeFirst(StatelessRequest request, GatewayCaller caller, UpstreamServer server,
                        HttpServletResponse response) throws IOException {
        if (request.method().equals("server/discover")) {
            answers.write(response, 200, results.discovery(request.id(), request.protocolVersion(), server.name(),
                    "Requests are relayed by Latchkey to " + server.name() + ". The user has not authorized it"
                            + " yet: the first tool call answers with the link to do so."));
            return;
        }
        FlowStarter.Started started = access.authorize(caller, server);
        ObjectNode answer;
        if (StatelessRequest.NAMED.containsKey(request.method()) && request.acceptsUrlElicitation()) {
            String state = states.issue(states.bindingOf(caller, server, request), started.flow().id(),
                    started.flow().expiresAt());
            answer = results.inputRequired(request.id(), "Authorize access to " + server.name()
                    + " in your browser; the request continues once you have.", started.authorizationUrl(), state);
        } else if (request.method().equals("tools/call")) {
            answer = results.toolError(request.id(), started.event().notice());
        } else {
            answer = authorization.render(request.id(), started);
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
