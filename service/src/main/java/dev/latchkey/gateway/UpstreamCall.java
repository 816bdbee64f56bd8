package dev.latchkey.gateway;

import dev.latchkey.connection.ConnectionService;
import dev.latchkey.discovery.Challenge;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.http.OutboundRequest;
import dev.latchkey.http.OutboundStream;
import dev.latchkey.http.StreamOptions;
import dev.latchkey.http.StreamingHttp;
import dev.latchkey.protocol.Failure;
import dev.latchkey.token.DPoPProofs;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message to the upstream server with the subject's own upstream token: the stored one, and after
 * a 401 a refreshed one, once. The answer comes back open (to be streamed on), or as the reason the
 * user must authorize first: no usable connection, the token refused twice, or a 403
 * {@code insufficient_scope} (its challenge, for a step-up flow). A DPoP-bound token goes as
 * {@code Authorization: DPoP} with a fresh proof of Latchkey's key on every request, and a 401
 * {@code use_dpop_nonce} is answered by sending once more with the server's nonce (RFC 9449 §9).
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
    private final DPoPProofs proofs;

    UpstreamCall(UpstreamAccess access, StreamingHttp http, StreamOptions options, DPoPProofs proofs) {
        this.access = access;
        this.http = http;
        this.options = options;
        this.proofs = proofs;
    }

    Outcome send(GatewayCaller caller, UpstreamServer server, Message message) {
        try {
            return sendWithToken(caller, server, message);
        } catch (Failure e) {
            // The DPoP key the tokens are bound to was retired: only a new authorization helps.
            if (e.kind() == Failure.Kind.CONFLICT && "reauthorization_required".equals(e.code())) {
                return AuthorizeFirst.NO_CONNECTION;
            }
            throw e;
        }
    }

    private Outcome sendWithToken(GatewayCaller caller, UpstreamServer server, Message message) {
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

    /** Sends once; a DPoP-bound request the server refused for want of a nonce is sent once more with it. */
    private OutboundStream open(UpstreamServer server, ConnectionService.HandedToken token, Message message) {
        OutboundStream answer = openOnce(server, token, message);
        if (token.connection().dpopBound()
                && DPoPProofs.asksForNonce(answer.status(), answer.header("www-authenticate"))) {
            answer.close();
            answer = openOnce(server, token, message);
        }
        return answer;
    }

    private OutboundStream openOnce(UpstreamServer server, ConnectionService.HandedToken token, Message message) {
        URI target = URI.create(server.url());
        Map<String, List<String>> headers = new LinkedHashMap<>(message.headers());
        String accessToken = token.token().accessToken();
        Optional<String> jkt = token.connection().dpopJkt();
        if (jkt.isPresent()) {
            headers.put("Authorization", List.of(DPoPProofs.TOKEN_TYPE + " " + accessToken));
            headers.put("DPoP", List.of(proofs.forResource(jkt.get(), message.method(), target, accessToken)));
        } else {
            headers.put("Authorization", List.of("Bearer " + accessToken));
        }
        OutboundStream answer = http.open(new OutboundRequest(message.method(), target, headers, message.body(),
                false, "mcp gateway"), options);
        if (jkt.isPresent()) {
            proofs.heard(target, answer.header("dpop-nonce"));
        }
        return answer;
    }
}
