package dev.latchkey.connection;

import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.ClientCredentialsClients;
import dev.latchkey.token.TokenEndpointClient;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * One client_credentials request at an authorization server, for a machine client and a resource:
 * the first token of a client-credentials connection, and each renewal (there is no refresh token).
 */
public final class ClientCredentialsCall {

    private final ClientCredentialsClients clients;
    private final ServerDiscovery discovery;
    private final TokenEndpointClient tokens;
    private final Clock clock;

    public ClientCredentialsCall(ClientCredentialsClients clients, ServerDiscovery discovery,
                                 TokenEndpointClient tokens, Clock clock) {
        this.clients = clients;
        this.discovery = discovery;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Tokens for {@code client} at {@code issuer}'s token endpoint, for {@code resource}. */
    public TokenSet obtain(ClientCredentialsClient client, String issuer, String resource) {
        ProviderScope scope = ProviderScope.of(URI.create(client.serverUrl()), resource, "client:" + client.ref(),
                client.tenant()).withIssuer(issuer);
        // A discovery failure is never REJECTED: a renewal keeps the connection and retries after a pause.
        AuthorizationServerMetadata server = discovery.authorizationServer(issuer, new Timeline(clock, scope));
        return tokens.clientCredentials(server.tokenEndpoint(), issuer, client, Optional.of(resource));
    }

    /** A renewal: a new client_credentials request for the connection's own client, issuer and resource. */
    public TokenSet renew(Connection connection) {
        ClientCredentialsClient client = clients.byRef(connection.clientRef()).orElseThrow(() ->
                Failure.rejected("client_unavailable", "The client-credentials client of this connection is no"
                        + " longer configured."));
        return obtain(client, connection.issuer(), connection.publishedResource());
    }
}
