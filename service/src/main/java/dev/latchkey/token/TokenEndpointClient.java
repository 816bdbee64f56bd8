package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.TokenSet;
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
 * required, a missing {@code expires_in} means no known expiry.
 */
public final class TokenEndpointClient {

    private final NimbusHttp http;
    private final Clock clock;
    private final ProviderHooks hooks;

    public TokenEndpointClient(NimbusHttp http, Clock clock) {
        this(http, clock, ProviderHooks.none());
    }

    public TokenEndpointClient(NimbusHttp http, Clock clock, ProviderHooks hooks) {
        this.http = http;
        this.clock = clock;
        this.hooks = hooks;
    }

    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource) {
        return exchangeCode(tokenEndpoint, client, code, redirectUri, codeVerifier, resource, Optional.empty(), n -> { });
    }

    /** The code exchange, shaped by the plugins that apply to {@code scope}; {@code acted} hears their names. */
    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource, Optional<ProviderScope> scope,
                                 Consumer<String> acted) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                new CodeVerifier(codeVerifier));
        return call(TokenMessages.proposal(TokenRequest.GrantType.AUTHORIZATION_CODE, tokenEndpoint, client, resource),
                client, grant, "token exchange", scope, acted);
    }

    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource) {
        return refresh(tokenEndpoint, client, refreshToken, resource, Optional.empty(), n -> { });
    }

    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource,
                            Optional<ProviderScope> scope, Consumer<String> acted) {
        return call(TokenMessages.proposal(TokenRequest.GrantType.REFRESH_TOKEN, tokenEndpoint, client, resource),
                client, new RefreshTokenGrant(new RefreshToken(refreshToken)), "refresh", scope, acted);
    }

    private TokenSet call(TokenRequest proposal, RegisteredClient client, AuthorizationGrant grant, String purpose,
                          Optional<ProviderScope> scope, Consumer<String> acted) {
        TokenRequest request = scope.map(s -> hooks.customizeToken(proposal, s, acted)).orElse(proposal);
        HTTPResponse response;
        try {
            response = http.send(TokenMessages.render(request, client, grant), purpose);
        } catch (EgressException e) {
            throw failure(e);
        }
        // Normalised on the raw response, before anything is parsed as tokens.
        TokenResponse raw = TokenMessages.read(response);
        return interpret(scope.map(s -> hooks.normalize(raw, proposal.grantType(), s, acted)).orElse(raw));
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

    private TokenSet interpret(TokenResponse response) {
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
        if (!response.tokenType().filter(t -> t.equalsIgnoreCase("Bearer")).isPresent()) {
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
        return new TokenSet(accessToken, "Bearer", response.refreshToken().filter(t -> !t.isBlank()), expiresAt, scopes);
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
        return interpret(TokenMessages.read(response));
    }
}
