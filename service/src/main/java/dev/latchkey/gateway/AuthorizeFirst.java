package dev.latchkey.gateway;

import dev.latchkey.gateway.session.GatewaySession;
import dev.latchkey.gateway.session.GatewaySessions;
import dev.latchkey.gateway.session.SessionAuthorization;
import java.io.IOException;
import java.util.Optional;

/**
 * Answers a client's message that cannot go upstream because the user must authorize first: a request
 * gets the {@link AuthorizationAnswer} for its audience (a flow is started or reused for it, and a session
 * remembers it, to announce its end); a notification or a response is accepted (202) and starts nothing;
 * a batch cannot carry the answer (400); GET and DELETE outside a session are not served (405).
 */
final class AuthorizeFirst {

    private final UpstreamAccess access;
    private final AuthorizationAnswer answer;
    private final GatewaySessions sessions;
    private final JsonRpcAnswers answers;

    AuthorizeFirst(UpstreamAccess access, AuthorizationAnswer answer, GatewaySessions sessions, JsonRpcAnswers answers) {
        this.access = access;
        this.answer = answer;
        this.sessions = sessions;
        this.answers = answers;
    }

    void respond(ClientExchange x, UpstreamCall.AuthorizeFirst why, AuthorizationAnswer.Audience audience,
                 Optional<GatewaySession> session) throws IOException {
        if (!x.isPost() || x.message().isEmpty()) {
            x.response().setHeader("Allow", "POST");
            answers.refuse(x.response(), 405, JsonRpcAnswers.INVALID_REQUEST,
                    "Not available until the user has authorized this server; send a request by POST.");
            return;
        }
        McpMessage message = x.message().get();
        switch (message.kind()) {
            case REQUEST -> {
                AuthorizationAnswer.Answer answered = answer.answer(message, audience, x.server(),
                        () -> access.authorize(x.caller(), x.server(), why.stepUpChallenge()));
                session.ifPresent(s -> answered.asked().ifPresent(asked -> sessions.asked(
                        new SessionAuthorization(s.id(), asked.flowId(), asked.kind()))));
                session.ifPresent(s -> x.response().setHeader("Mcp-Session-Id", s.id()));
                answers.write(x.response(), 200, answered.body());
            }
            case NOTIFICATION, RESPONSE -> {
                x.response().setStatus(202);
                x.response().setContentLength(0);
            }
            case BATCH -> answers.refuse(x.response(), 400, JsonRpcAnswers.INVALID_REQUEST, "The user must authorize"
                    + " this server first; a batch cannot carry the authorization link. Send one request at a time.");
            case NOT_JSON -> answers.refuse(x.response(), 400, JsonRpcAnswers.PARSE_ERROR, "The body is not JSON.");
            case INVALID -> answers.write(x.response(), 400, answers.error(message.id(),
                    JsonRpcAnswers.INVALID_REQUEST, "The body is not a JSON-RPC 2.0 message."));
        }
    }
}
