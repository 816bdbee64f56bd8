package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.latchkey.protocol.ClientCredentialsClient;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The client_credentials grant's token request (RFC 6749 §4.4), built by Nimbus: the client's
 * authentication ({@code client_secret_basic}, or a fresh {@code private_key_jwt} assertion for
 * {@code issuer}), its configured scopes and the RFC 8707 {@code resource}.
 */
final class ClientCredentialsRequests {

    private ClientCredentialsRequests() {
    }

    static HTTPRequest render(URI tokenEndpoint, String issuer, ClientCredentialsClient client,
                              Optional<String> resource, Clock clock) {
        TokenRequest.Builder builder = new TokenRequest.Builder(tokenEndpoint, authentication(client, issuer, clock),
                new ClientCredentialsGrant());
        if (!client.scopes().isEmpty()) {
            builder.scope(new Scope(client.scopes().toArray(String[]::new)));
        }
        resource.ifPresent(r -> builder.resources(URI.create(r)));
        HTTPRequest http = builder.build().toHTTPRequest();
        http.setAccept("application/json");
        return http;
    }

    static ClientAuthentication authentication(ClientCredentialsClient client, String issuer, Clock clock) {
        ClientID id = new ClientID(client.clientId());
        return switch (client.authMethod()) {
            case CLIENT_SECRET_BASIC -> new ClientSecretBasic(id, new Secret(client.clientSecret().orElseThrow()));
            case PRIVATE_KEY_JWT -> ClientAssertion.sign(client.clientId(), issuer, client.signingKey().orElseThrow(),
                    clock);
        };
    }
}
