package dev.latchkey.flow;

import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import dev.latchkey.auth.Caller;
import dev.latchkey.connection.AccessTokenView;
import dev.latchkey.connection.ConnectionService;
import dev.latchkey.connection.TokenReader;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/token {subject, serverUrl}}: the token for that subject's connection to the
 * server, or a 409 {@code authorization_required} that already carries a new flow's link and notice.
 * The decision is {@link ConnectionOrFlow}'s, shared with the MCP gateway.
 */
@Path("/v1/token")
@Produces(MediaType.APPLICATION_JSON)
public final class TokenShortcutResource {

    /** The request body. */
    public record TokenRequestBody(String subject, String serverUrl) {
    }

    private final FlowRequests requests;
    private final ConnectionOrFlow decision;

    public TokenShortcutResource(FlowRequests requests, ConnectionOrFlow decision) {
        this.requests = requests;
        this.decision = decision;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public AccessTokenView token(@Auth Caller caller, TokenRequestBody body) {
        FlowRequests.Valid valid = requests.validate(new StartFlowRequest(body == null ? null : body.serverUrl(),
                body == null ? null : body.subject(), null, null, null, null));
        ConnectionOrFlow.Outcome outcome = decision.decide(caller, TokenReader.apiKey(caller), valid);
        if (outcome instanceof ConnectionOrFlow.Token token) {
            if (token.handed().connection().dpopBound()) {
                throw ConnectionService.dpopBound(token.handed().connection());
            }
            return token.handed().token();
        }
        FlowStarter.Started started = ((ConnectionOrFlow.AuthorizationNeeded) outcome).started();
        throw new ProblemException(Problem.of(409, "authorization_required", "Authorization required",
                        "The subject has no usable connection to this server; relay the notice so the user can authorize.")
                .withExtension("flowId", started.flow().id())
                .withExtension("authorizationUrl", started.authorizationUrl())
                .withExtension("notice", started.event().notice()));
    }
}
