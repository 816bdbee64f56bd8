package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.flow.FlowStarter;

/**
 * How the gateway tells an MCP client that the user must authorize first. This slice has one
 * rendering for every client: a JSON-RPC error answering the request, code {@value #CODE}, whose
 * {@code message} is Latchkey's {@code <message-context>} notice (the same text {@code POST /v1/flows}
 * returns, for the model to relay) and whose {@code data} carries the landing link and the flow id.
 * The next slice adds renderings chosen by what the client declared: URL-mode elicitation (-32042)
 * for a 2025-11-25 client with {@code elicitation.url}, {@code input_required} for 2026-07-28.
 */
final class AuthorizationAnswer {

    /** The JSON-RPC error code of "authorize first" (in the range JSON-RPC leaves to servers). */
    static final int CODE = -32001;

    private final JsonRpcAnswers answers;

    AuthorizationAnswer(JsonRpcAnswers answers) {
        this.answers = answers;
    }

    /** The answer to the request {@code id}, for the flow just started. */
    ObjectNode render(JsonNode id, FlowStarter.Started started) {
        ObjectNode body = answers.error(id, CODE, started.event().notice());
        ((ObjectNode) body.get("error")).putObject("data")
                .put("authorizationUrl", started.authorizationUrl())
                .put("flowId", started.flow().id());
        return body;
    }
}
