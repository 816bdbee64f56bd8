package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * RFC 7009 revocation: a refresh token or an access token of the authenticated client revokes its grant (and
 * so every token of it). An unknown token, or another client's, changes nothing and is answered 200 all the
 * same, so a client learns nothing about tokens it does not hold.
 */
final class Revocations {

    private final McpClients clients;
    private final GrantStore grants;
    private final AccessTokens accessTokens;
    private final Clock clock;

    Revocations(McpClients clients, GrantStore grants, AccessTokens accessTokens, Clock clock) {
        this.clients = clients;
        this.grants = grants;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    void revoke(TokenRevocationRequest request) {
        McpClient client = clients.authenticate(request.getClientAuthenticationCandidates(), request.getClientID());
        String token = request.getToken().getValue();
        Optional<String> grantId = grants.grantOfRefreshToken(IssuerSecrets.hash(token))
                .or(() -> accessTokens.grantOf(token));
        grantId.flatMap(grants::findGrant)
                .filter(grant -> grant.clientId().equals(client.clientId()))
                .ifPresent(grant -> grants.revoke(grant.id(), clock.instant(), Grant.Revocation.CLIENT));
    }
}
