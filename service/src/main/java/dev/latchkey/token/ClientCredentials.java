package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.Token;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import java.net.URI;
import java.util.Optional;

/**
 * How a request to the authorization server authenticates its client, rendered once for the code
 * exchange, the refresh and the revocation: Nimbus's {@link ClientSecretBasic} or
 * {@link ClientSecretPost}, or for a public client ({@code none}) its {@code client_id} alone in the
 * body. Latchkey holds no client signing key, so {@code private_key_jwt} — like a secret method
 * without a secret — cannot be rendered; the caller reports that in its own words.
 */
record ClientCredentials(ClientAuthMethod method, ClientID clientId, Optional<ClientAuthentication> authentication) {

    /** The credentials {@code method} renders for {@code client}; empty when it cannot authenticate that way. */
    static Optional<ClientCredentials> of(ClientAuthMethod method, RegisteredClient client) {
        ClientID id = new ClientID(client.clientId());
        Optional<Secret> secret = client.clientSecret().map(Secret::new);
        return switch (method) {
            case NONE -> Optional.of(new ClientCredentials(method, id, Optional.empty()));
            case CLIENT_SECRET_BASIC -> secret.map(s -> new ClientCredentials(method, id,
                    Optional.of(new ClientSecretBasic(id, s))));
            case CLIENT_SECRET_POST -> secret.map(s -> new ClientCredentials(method, id,
                    Optional.of(new ClientSecretPost(id, s))));
            case PRIVATE_KEY_JWT -> Optional.empty();
        };
    }

    /** A token request (code or refresh grant) to {@code endpoint} carrying these credentials. */
    TokenRequest.Builder tokenRequest(URI endpoint, AuthorizationGrant grant) {
        return authentication.map(auth -> new TokenRequest.Builder(endpoint, auth, grant))
                .orElseGet(() -> new TokenRequest.Builder(endpoint, clientId, grant));
    }

    /** An RFC 7009 revocation of {@code token} at {@code endpoint} carrying these credentials. */
    TokenRevocationRequest revocation(URI endpoint, Token token) {
        return authentication.map(auth -> new TokenRevocationRequest(endpoint, auth, token))
                .orElseGet(() -> new TokenRevocationRequest(endpoint, clientId, token));
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "ClientCredentials[" + method.wireName() + "]";
    }
}
