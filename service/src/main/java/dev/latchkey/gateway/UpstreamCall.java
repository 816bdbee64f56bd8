package dev.latchkey.gateway;

import dev.latchkey.connection.ConnectionService;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundStream;
import dev.latchkey.http.StreamOptions;
import dev.latchkey.http.StreamingHttp;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message to the upstream server with the subject's own upstream token: the stored one, and after
 * a 401 a refreshed one, once. The answer comes back open (to be streamed on), or as the reason the
 * user must authorize first: no usable connection, the token refused twice, or a 403
 * {@code insufficient_scope} (its challenge, for a step-up flow).
 */
final class UpstreamCall {

    /** What the upstream server said. */
    sealed interface Outcome permits Answered, AuthorizeFirst {
    }

    /** The open answer; the caller closes it. */
    record Answered(OutboundStream answer) implements Outcome {
    }

    /** The user must authorize (again); {@code stepUpChallenge} is the upstream's insufficient_scope challenge. */
    record AuthorizeFirst(Optional<String> stepUpChallenge) implements Outcome {
        static final AuthorizeFirst NO_CONNECTION = new AuthorizeFirst(Optional.empty());
    }

    /** A message to send: method, the headers besides Authorization, and the body (POST). */
    record Message(String method, Map<String, List<String>> headers, Optional<byte[]> body) {
    }

    private final UpstreamAccess access;
    private final StreamingHttp http;
    private final StreamOptions options;

    UpstreamCall(UpstreamAccess access, StreamingHttp http, StreamOptions options) {
        this.access = access;
        this.http = http;
        this.options = options;
    }

    Outcome send(GatewayCaller caller, UpstreamServer server, Message message) {
        Optional<ConnectionService.HandedToken> token = access.token(caller, server);
        if (token.isEmpty()) {
            return AuthorizeFirst.NO_CONNECTION;
        }
        OutboundStream answer = open(server, token.get(), message);
        if (answer.status() == 401) {
            answer.close();
            Optional<ConnectionService.HandedToken> again = access.afterRejection(caller, token.get());
            if (again.isEmpty()) {
                return AuthorizeFirst.NO_CONNECTION;
            }
            answer = open(server, again.get(), message);
            if (answer.status() == 401) {
                answer.close();
                return AuthorizeFirst.NO_CONNECTION;
            }
        }
        if (answer.status() == 403) {
            Optional<String> challenge = answer.header("www-authenticate")
                    .filter(header -> Challenge.parse(header).isInsufficientScope());
            if (challenge.isPresent()) {
                answer.close();
                return new AuthorizeFirst(challenge);
            }
        }
        return new Answered(answer);
    }

    private OutboundStream open(UpstreamServer server, ConnectionService.HandedToken token, Message message) {
        Map<String, List<String>> headers = new LinkedHashMap<>(message.headers());
        headers.put("Authorization", List.of("Bearer " + token.token().accessToken()));
        return http.open(new OutboundRequest(message.method(), URI.create(server.url()), headers, message.body(),
                false, "mcp gateway"), options);
    }
}
