package dev.latchkey.gateway;

import java.io.IOException;
import java.util.Optional;

/**
 * A request outside any gateway session (no {@code Mcp-Session-Id}, not an initialize): passed upstream
 * as it is with the subject's token, the answer streamed back; without a usable connection answered for
 * {@link AuthorizationAnswer.Audience#OUTSIDE_SESSION}.
 */
final class StatelessExchange {

    private final UpstreamCall call;
    private final UpstreamRelay relay;
    private final AuthorizeFirst authorizeFirst;

    StatelessExchange(UpstreamCall call, UpstreamRelay relay, AuthorizeFirst authorizeFirst) {
        this.call = call;
        this.relay = relay;
        this.authorizeFirst = authorizeFirst;
    }

    void serve(ClientExchange x) throws IOException {
        UpstreamCall.Outcome outcome = call.send(x.caller(), x.server(),
                new UpstreamCall.Message(x.method(), x.forwardedHeaders(), x.body()));
        if (outcome instanceof UpstreamCall.Answered answered) {
            relay.relay(answered.answer(), x.response(), Optional.empty());
        } else {
            authorizeFirst.respond(x, (UpstreamCall.AuthorizeFirst) outcome,
                    AuthorizationAnswer.Audience.OUTSIDE_SESSION, Optional.empty());
        }
    }
}
