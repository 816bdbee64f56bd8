package dev.latchkey.connection;

import dev.latchkey.protocol.TokenSet;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.protocol.FlowFailure;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.token.TokenEndpointClient;
import dev.latchkey.protocol.TokenEndpointException;
import java.time.Clock;
import java.util.Optional;

/** One refresh at the connection's own authorization server, with its resource and its client. */
public final class RefreshCall {

    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final TokenEndpointClient tokens;
    private final Clock clock;

    public RefreshCall(ServerDiscovery discovery, ClientRegistry clients, TokenEndpointClient tokens, Clock clock) {
        this.discovery = discovery;
        this.clients = clients;
        this.tokens = tokens;
        this.clock = clock;
    }

    public TokenSet refresh(Connection connection, TokenSet current) {
        RegisteredClient client = clients.find(connection.clientRef()).orElseThrow(() ->
                new TokenEndpointException(TokenEndpointException.Kind.REJECTED, "client_unavailable",
                        "Latchkey's registration at the authorization server no longer exists."));
        AuthorizationServerMetadata server;
        // Provider plugins see the refresh through this scope (customizeRefreshRequest, normalizeTokenResponse).
        ProviderScope scope = ProviderScope.of(java.net.URI.create(connection.serverUrl()), connection.resource(),
                "refresh:" + connection.id(), connection.tenant()).withIssuer(connection.issuer());
        try {
            server = discovery.authorizationServer(connection.issuer(), new Timeline(clock, scope));
        } catch (FlowFailure e) {
            throw new TokenEndpointException(TokenEndpointException.Kind.UNAVAILABLE, e.code(), e.description());
        }
        String refreshToken = current.refreshToken().orElseThrow(() ->
                new TokenEndpointException(TokenEndpointException.Kind.REJECTED, "no_refresh_token",
                        "No refresh token was issued."));
        try {
            return tokens.refresh(server.tokenEndpoint(), client, refreshToken, Optional.of(connection.resource()),
                    Optional.of(scope), plugin -> { });
        } catch (TokenEndpointException e) {
            if ("invalid_client".equals(e.errorCode())) {
                // The authorization server forgot the client: the next flow obtains a new one.
                clients.invalidate(client.ref());
            }
            throw e;
        }
    }
}
