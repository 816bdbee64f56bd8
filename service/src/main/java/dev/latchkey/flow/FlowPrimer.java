package dev.latchkey.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.security.Sealer;
import dev.latchkey.store.Ids;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the flow engine's libraries once at start — sealed state and values, the OAuth SDK's metadata
 * parser and request builder, Jackson for the API's bodies, a flow lookup — on made-up values,
 * without any request or write, before the server listens. A JVM loads and first runs that code
 * slowly; without this the first flow after a start paid for it (docs/benchmarks.md, cold flow).
 */
public final class FlowPrimer implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(FlowPrimer.class);
    private static final String ISSUER = "https://primer.invalid";
    private static final String METADATA = """
            {"issuer":"https://primer.invalid","authorization_endpoint":"https://primer.invalid/authorize",
             "token_endpoint":"https://primer.invalid/token","registration_endpoint":"https://primer.invalid/register",
             "response_types_supported":["code"],"grant_types_supported":["authorization_code","refresh_token"],
             "code_challenge_methods_supported":["S256"],"token_endpoint_auth_methods_supported":["none"],
             "authorization_response_iss_parameter_supported":true,"scopes_supported":["openid"]}""";

    private final StateCodec states;
    private final Sealer sealer;
    private final ObjectMapper json;
    private final Jdbi jdbi;
    private final Clock clock;

    public FlowPrimer(StateCodec states, Sealer sealer, ObjectMapper json, Jdbi jdbi, Clock clock) {
        this.states = states;
        this.sealer = sealer;
        this.json = json;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        try {
            prime();
            LOG.debug("flow engine primed in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (Exception e) {
            // Only a head start: a real problem (a keyring that cannot seal) shows in the health checks.
            LOG.warn("could not prime the flow engine: {}", e.toString());
        }
    }

    private void prime() throws Exception {
        String flowId = Ids.mint("flw");
        Instant expires = clock.instant().plusSeconds(60);
        CodeVerifier verifier = new CodeVerifier();
        String state = states.seal(new StateClaims(flowId, verifier.getValue(), ISSUER, true, "cli_primer", expires));
        states.open(state);
        sealer.openString(sealer.seal("primer", "primer"), "primer");

        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(METADATA);
        URI authorize = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID("primer"))
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .redirectionURI(URI.create(ISSUER + "/callback"))
                .state(new State(state))
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();

        json.readValue("{\"serverUrl\":\"https://primer.invalid/mcp\",\"subject\":\"primer\",\"scopes\":[\"a\"]}",
                StartFlowRequest.class);
        FlowDao.NewFlow row = new FlowDao.NewFlow(flowId, "primer", "primer", "primer", "primer",
                "https://primer.invalid/mcp", "https://primer.invalid/mcp", ISSUER, "cli_primer", "a", null,
                Ids.secretLink(32), authorize.toString(), true, null, clock.millis(), expires.toEpochMilli());
        new AuthorizationRedirect(states).urlFor(Flow.pending(row));
        json.writeValueAsString(FlowView.of(Flow.pending(row), authorize.toString(), "primer",
                List.of(new Step("discovery", Step.Outcome.OK, clock.instant(), 0, List.of(ISSUER),
                        Optional.empty(), Optional.empty()))));
        jdbi.withExtension(FlowDao.class, dao -> dao.findByLink(row.linkId()));
    }

    @Override
    public void stop() {
    }
}
