package dev.latchkey.demo;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the demo authorization server remembers, in memory: registered clients, sign-ins waiting for
 * the user, codes (single use, PKCE S256, one minute) and tokens (opaque, an hour; refresh rotates).
 */
final class DemoGrants {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    record Client(String id, List<URI> redirectUris) {
    }

    record Code(AuthorizationRequest request, String user, long expiresAt) {
    }

    record Grant(String user, Scope scope, long expiresAt) {
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationRequest> waiting = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Clock clock;

    DemoGrants(Clock clock) {
        this.clock = clock;
    }

    Client register(List<URI> redirectUris) {
        Client client = new Client("demo-client-" + new AuthorizationCode(16).getValue(), List.copyOf(redirectUris));
        clients.put(client.id(), client);
        return client;
    }

    Optional<Client> client(String id) {
        return Optional.ofNullable(id).map(clients::get);
    }

    /** Keeps a checked authorization request until the user answers the sign-in page; returns its handle. */
    String awaitUser(AuthorizationRequest request) {
        String handle = new AuthorizationCode(24).getValue();
        waiting.put(handle, request);
        return handle;
    }

    Optional<AuthorizationRequest> answered(String handle) {
        return Optional.ofNullable(handle).map(waiting::remove);
    }

    AuthorizationCode issueCode(AuthorizationRequest request, String user) {
        AuthorizationCode code = new AuthorizationCode(32);
        codes.put(code.getValue(), new Code(request, user, clock.millis() + CODE_LIFETIME.toMillis()));
        return code;
    }

    /** The code's grant, once: checked against the client, its redirect URI and the PKCE verifier. */
    Optional<Grant> redeem(AuthorizationCode code, String clientId, URI redirectUri, CodeVerifier verifier) {
        Code issued = codes.remove(code.getValue());
        if (issued == null || issued.expiresAt() < clock.millis() || verifier == null) {
            return Optional.empty();
        }
        AuthorizationRequest request = issued.request();
        boolean matches = request.getClientID().getValue().equals(clientId)
                && request.getRedirectionURI().equals(redirectUri)
                && CodeChallenge.compute(CodeChallengeMethod.S256, verifier).equals(request.getCodeChallenge());
        return matches ? Optional.of(new Grant(issued.user(), request.getScope(), 0)) : Optional.empty();
    }

    Tokens issueTokens(Grant grant) {
        BearerAccessToken access = new BearerAccessToken(32, TOKEN_LIFETIME.toSeconds(), grant.scope());
        RefreshToken refresh = new RefreshToken(32);
        accessTokens.put(access.getValue(), new Grant(grant.user(), grant.scope(),
                clock.millis() + TOKEN_LIFETIME.toMillis()));
        refreshTokens.put(refresh.getValue(), new Grant(grant.user(), grant.scope(), Long.MAX_VALUE));
        return new Tokens(access, refresh);
    }

    /** A refresh token's grant, once: it is replaced by the new one issued for it. */
    Optional<Grant> useRefreshToken(String value) {
        return Optional.ofNullable(value).map(refreshTokens::remove);
    }

    Optional<Grant> accessToken(String value) {
        return Optional.ofNullable(value).map(accessTokens::get).filter(grant -> grant.expiresAt() > clock.millis());
    }

    void revoke(String value) {
        accessTokens.remove(value);
        refreshTokens.remove(value);
    }
}
