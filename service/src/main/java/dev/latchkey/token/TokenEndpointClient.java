package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.latchkey.connection.TokenSet;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.registration.RegisteredClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Talks to token endpoints: the one-time code exchange (never retried) and refreshes, with
 * {@code resource} and the registered client authentication (HTTP Basic with form-urlencoded
 * credentials, post, or none).
 */
public final class TokenEndpointClient {

    private final NimbusHttp http;
    private final Clock clock;

    public TokenEndpointClient(NimbusHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    public TokenSet exchangeCode(URI tokenEndpoint, RegisteredClient client, String code, URI redirectUri,
                                 String codeVerifier, Optional<String> resource) {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                new CodeVerifier(codeVerifier));
        return call(tokenEndpoint, client, grant, resource, "token exchange");
    }

    public TokenSet refresh(URI tokenEndpoint, RegisteredClient client, String refreshToken, Optional<String> resource) {
        return call(tokenEndpoint, client, new RefreshTokenGrant(new RefreshToken(refreshToken)), resource, "refresh");
    }

    private TokenSet call(URI endpoint, RegisteredClient client, AuthorizationGrant grant, Optional<String> resource,
                          String purpose) {
        TokenRequest.Builder builder = authentication(client)
                .map(auth -> new TokenRequest.Builder(endpoint, auth, grant))
                .orElseGet(() -> new TokenRequest.Builder(endpoint, new ClientID(client.clientId()), grant));
        resource.ifPresent(r -> builder.resources(URI.create(r)));
        HTTPRequest request = builder.build().toHTTPRequest();
        request.setAccept("application/json");
        HTTPResponse response;
        try {
            response = http.send(request, purpose);
        } catch (EgressException e) {
            throw failure(e);
        }
        return parse(response);
    }

    private static TokenEndpointException failure(EgressException e) {
        return switch (e.kind()) {
            case TIMEOUT -> new TokenEndpointException(TokenEndpointException.Kind.UNAVAILABLE, "timeout",
                    "The token endpoint did not answer in time.");
            case TOO_LARGE -> new TokenEndpointException(TokenEndpointException.Kind.INVALID_RESPONSE,
                    "response_too_large", "The token endpoint's answer exceeded the size limit.");
            case BLOCKED, INSECURE -> new TokenEndpointException(TokenEndpointException.Kind.REJECTED,
                    "egress_blocked", "The token endpoint is not an allowed destination: " + e.getMessage());
            default -> new TokenEndpointException(TokenEndpointException.Kind.UNAVAILABLE, "unreachable",
                    "The token endpoint could not be reached: " + e.getMessage());
        };
    }

    private TokenSet parse(HTTPResponse response) {
        int status = response.getStatusCode();
        if (status >= 500) {
            throw new TokenEndpointException(TokenEndpointException.Kind.UNAVAILABLE, "server_error",
                    "The token endpoint answered HTTP " + status + ".");
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            // A 4xx is a refusal even when its body is not OAuth JSON; anything else is unusable.
            throw new TokenEndpointException(status >= 400 ? TokenEndpointException.Kind.REJECTED
                    : TokenEndpointException.Kind.INVALID_RESPONSE, status >= 400 ? "http_" + status
                    : "invalid_token_response", "The token endpoint answered HTTP " + status
                    + " without a valid token response.");
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            String code = ProviderText.code(error == null ? null : error.getCode());
            String description = ProviderText.description(error == null ? null : error.getDescription())
                    .orElse("The token endpoint refused the request (HTTP " + status + ").");
            throw new TokenEndpointException(TokenEndpointException.Kind.REJECTED, code, description);
        }
        return toTokenSet(parsed.toSuccessResponse());
    }

    private TokenSet toTokenSet(AccessTokenResponse success) {
        Tokens tokens = success.getTokens();
        long lifetime = tokens.getAccessToken().getLifetime();
        // No expires_in: valid until the server says otherwise. Never invent an expiry.
        Optional<Instant> expiresAt = lifetime > 0 ? Optional.of(clock.instant().plusSeconds(lifetime)) : Optional.empty();
        List<String> scopes = tokens.getAccessToken().getScope() == null ? List.of()
                : tokens.getAccessToken().getScope().toStringList();
        return new TokenSet(tokens.getAccessToken().getValue(), "Bearer",
                Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue), expiresAt, scopes);
    }

    /** The client authentication for the registered method; empty for public clients ("none"). */
    public static Optional<ClientAuthentication> authentication(RegisteredClient client) {
        ClientID id = new ClientID(client.clientId());
        return switch (client.authMethod()) {
            case "client_secret_basic" -> client.clientSecret().map(s -> new ClientSecretBasic(id, new Secret(s)));
            case "client_secret_post" -> client.clientSecret().map(s -> new ClientSecretPost(id, new Secret(s)));
            default -> Optional.empty();
        };
    }
}
