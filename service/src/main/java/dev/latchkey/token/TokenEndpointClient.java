package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Talks to token endpoints: the one-time code exchange (never retried) and refreshes, with
 * {@code resource} and the registered client authentication (HTTP Basic with form-urlencoded
 * credentials, post, or none). Provider plugins (when a {@link ProviderScope} is given) adjust each
 * request and normalise each raw response before it is interpreted by the rules of the SPI's
 * {@link TokenResponse}: a 2xx carrying {@code error} is a failure, a Bearer {@code access_token} is
 * required, a missing {@code expires_in} means no known expiry. With a DPoP key every request carries a
 * proof, a {@code DPoP} token is accepted, and a {@code use_dpop_nonce} refusal is retried once with the
 * server's nonce (the code was not redeemed: RFC 9449 §8).
 */
public final class TokenEndpointClient {

    private final NimbusHttp http;
    private final Clock clock;
    private final ProviderHooks hooks;
    private final DPoPProofs proofs;

    public TokenEndpointClient(NimbusHttp http, Clock clock) {
        this(http, clock, ProviderHooks.none());
    }

    public TokenEndpointClient(NimbusHttp http, Clock clock, ProviderHooks hooks) {
        this(http, clock, hooks, DPoPProofs.withoutKeys(new DPoPNonces(clock)));
    }

    public TokenEndpointClient(NimbusHttp http, Clock clock, ProviderHooks hooks, DPoPProofs proofs) {
        this.http = http;
        this.clock = clock;
        this.hooks = hooks;
        this.proofs = proofs;
    }

    /** The key to bind a new connection's tokens at {@code server} to, if it advertises DPoP (RFC 9449). */
    public Optional<DPoPKey> dpopKeyFor(AuthorizationServerMetadata server) {
        return proofs.keyFor(server);
    }

    /** The key tokens bound to {@code jkt} need; a {@code reauthorization_required} conflict once it is retired. */
    public DPoPKey boundDPoPKey(String jkt) {
        return proofs.boundKey(jkt);
    }

    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource) {
        return exchangeCode(tokenEndpoint, client, code, redirectUri, codeVerifier, resource, Optional.empty(), n -> { });
    }

    /** The code exchange, shaped by the plugins that apply to {@code scope}; {@code acted} hears their names. */
    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource, Optional<ProviderScope> scope,
                                 Consumer<String> acted) {
        return exchangeCode(tokenEndpoint, client, code, redirectUri, codeVerifier, resource, scope, acted,
                Optional.empty());
    }

    /** The code exchange with a DPoP proof of {@code dpop}'s key when present: the tokens may come back bound to it. */
    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource, Optional<ProviderScope> scope,
                                 Consumer<String> acted, Optional<DPoPKey> dpop) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                new CodeVerifier(codeVerifier));
        return call(TokenMessages.proposal(TokenRequest.GrantType.AUTHORIZATION_CODE, tokenEndpoint, client, resource),
                client, grant, "token exchange", scope, acted, dpop);
    }

    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource) {
        return refresh(tokenEndpoint, client, refreshToken, resource, Optional.empty(), n -> { });
    }

    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource,
                            Optional<ProviderScope> scope, Consumer<String> acted) {
        return refresh(tokenEndpoint, client, refreshToken, resource, scope, acted, Optional.empty());
    }

    /** A refresh with a proof of {@code dpop}'s key: a bound refresh token works only with the key it is bound to. */
    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource,
                            Optional<ProviderScope> scope, Consumer<String> acted, Optional<DPoPKey> dpop) {
        return call(TokenMessages.proposal(TokenRequest.GrantType.REFRESH_TOKEN, tokenEndpoint, client, resource),
                client, new RefreshTokenGrant(new RefreshToken(refreshToken)), "refresh", scope, acted, dpop);
    }

    private TokenSet call(TokenRequest proposal, RegisteredClient client, AuthorizationGrant grant, String purpose,
                          Optional<ProviderScope> scope, Consumer<String> acted, Optional<DPoPKey> dpop) {
        TokenRequest request = scope.map(s -> hooks.customizeToken(proposal, s, acted)).orElse(proposal);
        HTTPResponse response = send(request, client, grant, purpose, dpop);
        if (dpop.isPresent() && asksForNonce(response)) {
            response = send(request, client, grant, purpose, dpop);
        }
        // Normalised on the raw response, before anything is parsed as tokens.
        TokenResponse raw = TokenMessages.read(response);
        return interpret(scope.map(s -> hooks.normalize(raw, proposal.grantType(), s, acted)).orElse(raw),
                dpop.isPresent());
    }

    private HTTPResponse send(TokenRequest request, RegisteredClient client, AuthorizationGrant grant, String purpose,
                              Optional<DPoPKey> dpop) {
        HTTPRequest message = TokenMessages.render(request, client, grant);
        dpop.ifPresent(key -> message.setDPoP(proofs.forTokenEndpoint(key, request.endpoint())));
        HTTPResponse response;
        try {
            response = http.send(message, purpose);
        } catch (EgressException e) {
            throw failure(e);
        }
        if (dpop.isPresent()) {
            proofs.heard(request.endpoint(), Optional.ofNullable(response.getHeaderValue("DPoP-Nonce")));
        }
        return response;
    }

    /** RFC 9449 §8: a 400 {@code use_dpop_nonce} with a {@code DPoP-Nonce} to put in the next proof. */
    private static boolean asksForNonce(HTTPResponse response) {
        return response.getStatusCode() == 400 && response.getHeaderValue("DPoP-Nonce") != null
                && TokenMessages.read(response).error().filter("use_dpop_nonce"::equals).isPresent();
    }

    private static Failure failure(EgressException e) {
        return switch (e.kind()) {
            case TIMEOUT -> Failure.unavailable("timeout",
                    "The token endpoint did not answer in time.");
            case TOO_LARGE -> Failure.invalidResponse("response_too_large",
                    "The token endpoint's answer exceeded the size limit.");
            case BLOCKED, INSECURE -> Failure.rejected("egress_blocked",
                    "The token endpoint is not an allowed destination: " + e.getMessage());
            default -> Failure.unavailable("unreachable",
                    "The token endpoint could not be reached: " + e.getMessage());
        };
    }

    private TokenSet interpret(TokenResponse response, boolean proofSent) {
        int status = response.statusCode();
        if (response.isError()) {
            if (status >= 500) {
                throw Failure.unavailable("server_error",
                        "The token endpoint answered HTTP " + status + ".");
            }
            if (response.error().isEmpty() && status >= 400) {
                // A 4xx is a refusal even when its body is not OAuth JSON.
                throw Failure.rejected("http_" + status,
                        "The token endpoint answered HTTP " + status + " without a valid token response.");
            }
            if (response.error().isEmpty()) {
                throw invalid("The token endpoint answered HTTP " + status + " without a valid token response.");
            }
            String description = ProviderText.description(response.errorDescription().orElse(null))
                    .orElse("The token endpoint refused the request (HTTP " + status + ").");
            throw Failure.rejected(ProviderText.code(response.error().get()), description);
        }
        String accessToken = response.accessToken().filter(t -> !t.isBlank()).orElseThrow(() ->
                invalid("The token endpoint answered HTTP " + status + " without a valid token response."));
        // A DPoP token only in answer to a proof: it is bound to the key that signed it.
        boolean bound = proofSent && response.tokenType().filter(DPoPProofs.TOKEN_TYPE::equalsIgnoreCase).isPresent();
        if (!bound && !response.tokenType().filter(t -> t.equalsIgnoreCase("Bearer")).isPresent()) {
            throw invalid("The token endpoint did not issue a Bearer token.");
        }
        Optional<Duration> lifetime;
        try {
            lifetime = response.expiresIn();
        } catch (IllegalStateException e) {
            throw invalid("The token endpoint sent an unusable expires_in.");
        }
        // No expires_in: valid until the server says otherwise. Never invent an expiry.
        Optional<Instant> expiresAt = lifetime.filter(d -> !d.isZero()).map(d -> clock.instant().plus(d));
        List<String> scopes = response.scope().map(s -> Arrays.stream(s.split(" ")).filter(x -> !x.isBlank()).toList())
                .orElse(List.of());
        return new TokenSet(accessToken, bound ? DPoPProofs.TOKEN_TYPE : "Bearer", response.refreshToken().filter(t -> !t.isBlank()), expiresAt, scopes);
    }

    private static Failure invalid(String description) {
        return Failure.invalidResponse("invalid_token_response",
                description);
    }

    /**
     * The client_credentials grant for a machine client (no user, no refresh token): renewing is another
     * such request. Not shaped by provider plugins: their hooks speak of the user flows' grants.
     */
    public TokenSet clientCredentials(URI tokenEndpoint, String issuer, ClientCredentialsClient client,
                                      Optional<String> resource) {
        HTTPResponse response;
        try {
            response = http.send(ClientCredentialsRequests.render(tokenEndpoint, issuer, client, resource, clock),
                    "client credentials");
        } catch (EgressException e) {
            throw failure(e);
        }
        return interpret(TokenMessages.read(response), false); // machine grants send no DPoP proof: Bearer tokens
    }
}
