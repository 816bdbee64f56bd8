package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.metrics.DomainMetrics;
import dev.latchkey.store.Ids;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The token endpoint's grants. Authorization code: single use (a second use revokes what the first
 * started), the same client and redirect URI, the PKCE verifier, the same resource. Refresh token: rotated on
 * every use; a token used twice revokes its whole grant (reuse detection); the resource stays, scopes may
 * narrow. Every refusal is an RFC 6749 §5.2 error.
 */
final class TokenGrants {

    private final McpClients clients;
    private final GrantStore grants;
    private final AccessTokens accessTokens;
    private final IssuerSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    private final DomainMetrics metrics;

    TokenGrants(McpClients clients, GrantStore grants, AccessTokens accessTokens, IssuerSettings settings,
                AuditLog audit, DomainMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clients = clients;
        this.grants = grants;
        this.accessTokens = accessTokens;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    AccessTokenResponse answer(TokenRequest request) {
        McpClient client = clients.authenticate(request.getClientAuthenticationCandidates(), request.getClientID());
        AuthorizationGrant grant = request.getAuthorizationGrant();
        if (!client.allowsGrant(grant.getType().getValue())) {
            throw refused(OAuth2Error.UNAUTHORIZED_CLIENT, "This client did not register the " + grant.getType()
                    + " grant.");
        }
        if (grant instanceof AuthorizationCodeGrant code) {
            AccessTokenResponse tokens = redeem(client, code, request.getResources());
            metrics.tokensIssued(DomainMetrics.IssuedBy.AUTHORIZATION_CODE);
            return tokens;
        }
        if (grant instanceof RefreshTokenGrant refresh) {
            AccessTokenResponse tokens = refresh(client, refresh, request.getResources(), request.getScope());
            metrics.tokensIssued(DomainMetrics.IssuedBy.REFRESH_TOKEN);
            return tokens;
        }
        throw refused(OAuth2Error.UNSUPPORTED_GRANT_TYPE, "Only authorization_code and refresh_token.");
    }

    private AccessTokenResponse redeem(McpClient client, AuthorizationCodeGrant grant, List<URI> resources) {
        String codeHash = IssuerSecrets.hash(grant.getAuthorizationCode().getValue());
        IssuedCode code = grants.findCode(codeHash).orElseThrow(() -> invalidGrant("Unknown authorization code."));
        Instant now = clock.instant();
        if (code.usedAt().isPresent()) {
            throw codeReused(code, code.grantId(), now);
        }
        if (!now.isBefore(code.expiresAt())) {
            throw invalidGrant("The authorization code has expired.");
        }
        if (!code.clientId().equals(client.clientId())) {
            throw invalidGrant("The authorization code was issued to another client.");
        }
        URI redirect = grant.getRedirectionURI();
        if (redirect == null || !redirect.toString().equals(code.redirectUri())) {
            throw invalidGrant("redirect_uri must be the one of the authorization request.");
        }
        if (!pkceHolds(grant.getCodeVerifier(), code.codeChallenge())) {
            throw invalidGrant("The PKCE code_verifier does not match the code_challenge.");
        }
        requireResource(resources, code.resource());
        Grant started = new Grant(Ids.mint("grt"), code.tenant(), code.subject(), client.clientId(), code.resource(),
                code.scopes(), code.sessionId(), now, now.plus(settings.refreshTokenLifetime()), now, Optional.empty(),
                Optional.empty());
        String refreshToken = IssuerSecrets.mint(IssuerSecrets.REFRESH_TOKEN);
        if (!grants.redeemCode(codeHash, started, IssuerSecrets.hash(refreshToken))) {
            throw codeReused(code, grants.findCode(codeHash).flatMap(IssuedCode::grantId), now);
        }
        return tokens(client, started, started.scopes(), refreshToken);
    }

    private AccessTokenResponse refresh(McpClient client, RefreshTokenGrant refresh, List<URI> resources,
                                        Scope scope) {
        String oldHash = IssuerSecrets.hash(refresh.getRefreshToken().getValue());
        Grant grant = grants.grantOfRefreshToken(oldHash).flatMap(grants::findGrant)
                .orElseThrow(() -> invalidGrant("Unknown refresh token."));
        if (!grant.clientId().equals(client.clientId())) {
            throw invalidGrant("The refresh token was issued to another client.");
        }
        requireResource(resources, grant.resource());
        List<String> scopes = narrowed(grant, scope);
        String next = IssuerSecrets.mint(IssuerSecrets.REFRESH_TOKEN);
        GrantStore.Rotation rotation = grants.rotate(oldHash, IssuerSecrets.hash(next), clock.instant());
        if (rotation instanceof GrantStore.Rotation.Rotated rotated) {
            return tokens(client, rotated.grant(), scopes, next);
        }
        if (rotation instanceof GrantStore.Rotation.Reused) {
            metrics.reuseDetected(DomainMetrics.Reuse.REFRESH_TOKEN);
            audit.security("oauth_grant.refresh_reused", grant.tenant(), "oauth_grant", grant.id(),
                    "a refresh token of client " + client.clientId() + " was used twice; the grant is revoked");
            throw invalidGrant("The refresh token was used already; the grant is revoked.");
        }
        throw invalidGrant("The grant has ended.");
    }

    /** A second redemption: what the first one started is revoked, and the attempt audited. */
    private IssuerRefusal.OAuth codeReused(IssuedCode code, Optional<String> grantId, Instant now) {
        grantId.ifPresent(id -> grants.revoke(id, now, Grant.Revocation.CODE_REUSED));
        metrics.reuseDetected(DomainMetrics.Reuse.CODE);
        audit.security("oauth_grant.code_reused", code.tenant(), "oauth_grant", grantId.orElse(""),
                "an authorization code of client " + code.clientId() + " was presented twice; its grant is revoked");
        return invalidGrant("The authorization code was used already; what it issued is revoked.");
    }

    private static List<String> narrowed(Grant grant, Scope scope) {
        if (scope == null || scope.isEmpty()) {
            return grant.scopes();
        }
        List<String> asked = scope.toStringList();
        if (!grant.scopes().containsAll(asked)) {
            throw refused(OAuth2Error.INVALID_SCOPE, "A refresh may keep or narrow the granted scopes, not add any.");
        }
        return asked.stream().distinct().toList();
    }

    private AccessTokenResponse tokens(McpClient client, Grant grant, List<String> scopes, String refreshToken) {
        BearerAccessToken access = new BearerAccessToken(accessTokens.mint(grant, scopes),
                settings.accessTokenLifetime().toSeconds(), new Scope(scopes.toArray(String[]::new)));
        RefreshToken refresh = client.allowsGrant(GrantType.REFRESH_TOKEN.getValue())
                ? new RefreshToken(refreshToken) : null;
        return new AccessTokenResponse(new Tokens(access, refresh));
    }

    private static void requireResource(List<URI> resources, String expected) {
        if (resources != null && !(resources.size() == 1 && resources.get(0).toString().equals(expected))) {
            throw refused(OAuth2Error.INVALID_TARGET, "resource must be " + expected + ", as authorized.");
        }
    }

    static boolean pkceHolds(CodeVerifier verifier, String challenge) {
        if (verifier == null) {
            return false;
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    private static IssuerRefusal.OAuth invalidGrant(String why) {
        return refused(OAuth2Error.INVALID_GRANT, why);
    }

    private static IssuerRefusal.OAuth refused(ErrorObject error, String why) {
        return IssuerRefusal.oauth(error, why);
    }
}
