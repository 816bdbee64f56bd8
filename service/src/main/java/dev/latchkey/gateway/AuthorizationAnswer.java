package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.session.SessionAuthorization;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the gateway answers a request it cannot pass upstream because the user must authorize first,
 * chosen by what the client declared (docs/gateway.md, "Before the user has authorized"):
 * <ul>
 *   <li>a session whose client declared {@code elicitation: { url: {} }}: error {@value #URL_ELICITATION_REQUIRED}
 *       ({@code URLElicitationRequiredError}) with Latchkey's landing link, its {@code elicitationId} the
 *       flow id;</li>
 *   <li>a session whose client did not: a {@code tools/call} gets a tool result with {@code isError} whose
 *       text is the {@code <message-context>} notice (for the model to relay); {@code tools/list} gets one
 *       tool, {@value #AUTHORIZE_TOOL}, whose call answers with the notice; anything else error
 *       {@value #CODE};</li>
 *   <li>a request outside a gateway session (its client's capabilities are unknown): error {@value #CODE}
 *       whose message is the notice and whose data carries the link and the flow id.</li>
 * </ul>
 * {@code ping} is answered in every case, and starts no flow. So does the notice client's {@code tools/list}.
 */
final class AuthorizationAnswer {

    /** The JSON-RPC error code of "authorize first" (in the range JSON-RPC leaves to servers). */
    static final int CODE = -32001;
    /** MCP 2025-11-25: URL-mode elicitation required. */
    static final int URL_ELICITATION_REQUIRED = -32042;
    /** The one tool a notice client sees before the user has authorized. */
    static final String AUTHORIZE_TOOL = "latchkey_authorize";

    /** Who is told, and so how. */
    enum Audience {
        URL_ELICITATION, NOTICE, OUTSIDE_SESSION;

        static Audience of(boolean urlElicitation) {
            return urlElicitation ? URL_ELICITATION : NOTICE;
        }
    }

    /** The answer to send, and the authorization the client was asked for in it (none for ping, the tool list). */
    record Answer(ObjectNode body, Optional<Asked> asked) {
    }

    /** The flow whose link the client got, and how it got it. */
    record Asked(String flowId, SessionAuthorization.Kind kind) {
    }

    private final JsonRpcAnswers answers;

    AuthorizationAnswer(JsonRpcAnswers answers) {
        this.answers = answers;
    }

    /**
     * The answer to {@code request} (a JSON-RPC request) for {@code audience}; {@code flow} starts (or
     * reuses) the subject's flow and is called only when the answer carries its link.
     */
    Answer answer(McpMessage request, Audience audience, UpstreamServer server,
                  Supplier<FlowStarter.Started> flow) {
        JsonNode id = request.id();
        if (request.isRequest("ping")) {
            return new Answer(answers.result(id, answers.object()), Optional.empty());
        }
        if (audience == Audience.NOTICE && request.isRequest("tools/list")) {
            ObjectNode result = answers.object();
            result.putArray("tools").add(authorizeTool(server));
            return new Answer(answers.result(id, result), Optional.empty());
        }
        FlowStarter.Started started = flow.get();
        return switch (audience) {
            case URL_ELICITATION -> new Answer(urlElicitation(id, server, started),
                    asked(started, SessionAuthorization.Kind.URL_ELICITATION));
            case NOTICE -> request.isRequest("tools/call")
                    ? new Answer(noticeResult(id, started, request.toolName().filter(AUTHORIZE_TOOL::equals).isEmpty()),
                            asked(started, SessionAuthorization.Kind.NOTICE))
                    : new Answer(error(id, started), asked(started, SessionAuthorization.Kind.NOTICE));
            case OUTSIDE_SESSION -> new Answer(error(id, started), Optional.empty());
        };
    }

    private ObjectNode urlElicitation(JsonNode id, UpstreamServer server, FlowStarter.Started started) {
        ObjectNode body = answers.error(id, URL_ELICITATION_REQUIRED,
                "Authorization required: the user must sign in to " + server.name() + " first.");
        ObjectNode data = ((ObjectNode) body.get("error")).putObject("data");
        data.putArray("elicitations").addObject()
                .put("mode", "url")
                .put("elicitationId", started.flow().id())
                .put("url", started.authorizationUrl())
                .put("message", server.name() + " needs your authorization. Open the link to sign in; Latchkey"
                        + " keeps the credentials and your assistant never sees them.");
        data.put("flowId", started.flow().id());
        return body;
    }

    private ObjectNode noticeResult(JsonNode id, FlowStarter.Started started, boolean isError) {
        ObjectNode result = answers.object();
        result.putArray("content").addObject().put("type", "text").put("text", started.event().notice());
        result.put("isError", isError);
        return answers.result(id, result);
    }

    private ObjectNode error(JsonNode id, FlowStarter.Started started) {
        ObjectNode body = answers.error(id, CODE, started.event().notice());
        ((ObjectNode) body.get("error")).putObject("data")
                .put("authorizationUrl", started.authorizationUrl())
                .put("flowId", started.flow().id());
        return body;
    }

    private ObjectNode authorizeTool(UpstreamServer server) {
        ObjectNode tool = answers.object()
                .put("name", AUTHORIZE_TOOL)
                .put("title", "Authorize " + server.name())
                .put("description", server.name() + " is reached through Latchkey, and the user has not authorized"
                        + " it yet. Call this tool to get the sign-in link and show it to the user; the server's own"
                        + " tools appear once the user has signed in.");
        tool.putObject("inputSchema").put("type", "object").putObject("properties");
        return tool;
    }

    private static Optional<Asked> asked(FlowStarter.Started started, SessionAuthorization.Kind kind) {
        return Optional.of(new Asked(started.flow().id(), kind));
    }
}
