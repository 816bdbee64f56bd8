package dev.latchkey.connection;

import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.token.TokenEndpointClient;
import java.time.Clock;
import java.util.Optional;

/** One refresh at the connection's own authorization server, with its resource and its client. */
public final class RefreshCall {

    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final TokenEndpointClient tokens;
    private final Clock clock;
    private final Optional<ClientCredentialsCall> clientCredentials;

    public RefreshCall(ServerDiscovery discovery, ClientRegistry clients, TokenEndpointClient tokens, Clock clock) {
        this(discovery, clients, tokens, clock, Optional.empty());
    }

    /** Also renews client-credentials connections, through {@code clientCredentials}. */
    public RefreshCall(ServerDiscovery discovery, ClientRegistry clients, TokenEndpointClient tokens, Clock clock,
                       Optional<ClientCredentialsCall> clientCredentials) {
        this.clientCredentials = clientCredentials;
        this.discovery = discovery;
        this.clients = clients;
        this.tokens = tokens;
        this.clock = clock;
    }

    public TokenSet refresh(Connection connection, TokenSet current) {
        if (connection.kind() == ConnectionKind.CLIENT_CREDENTIALS) {
            return clientCredentials.orElseThrow(() -> Failure.rejected("client_unavailable",
                    "Client-credentials connections are not renewed here.")).renew(connection);
        }
        RegisteredClient client = clients.find(connection.clientRef()).orElseThrow(() ->
                Failure.rejected("client_unavailable",
                        "Latchkey's registration at the authorization server no longer exists."));
        // Provider plugins see the refresh through this scope (customizeRefreshRequest, normalizeTokenResponse).
        ProviderScope scope = ProviderScope.of(java.net.URI.create(connection.serverUrl()), connection.resource(),
                "refresh:" + connection.id(), connection.tenant()).withIssuer(connection.issuer());
        // A discovery failure is never REJECTED: the connection is kept and the refresh retried later.
        AuthorizationServerMetadata server = discovery.authorizationServer(connection.issuer(),
                new Timeline(clock, scope));
        String refreshToken = current.refreshToken().orElseThrow(() ->
                Failure.rejected("no_refresh_token", "No refresh token was issued."));
        // A bound connection refreshes with its own key (its refresh token may be bound to it too).
        Optional<DPoPKey> dpop = connection.dpopJkt().map(jkt -> boundKey(jkt));
        try {
            return tokens.refresh(server.tokenEndpoint(), client, refreshToken,
                    Optional.of(connection.publishedResource()), Optional.of(scope), plugin -> { }, dpop);
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.REJECTED && "invalid_client".equals(e.code())) {
                // The authorization server forgot the client: the next flow obtains a new one.
                clients.invalidate(client.ref());
            }
            throw e;
        }
    }

    /** Once its key is retired a bound connection cannot be refreshed: refused for good, not retried later. */
    private DPoPKey boundKey(String jkt) {
        try {
            return tokens.boundDPoPKey(jkt);
        } catch (Failure e) {
            throw Failure.rejected("dpop_key_retired", "The DPoP key this connection's tokens are bound to was"
                    + " retired; the user must authorize again.");
        }
    }
}
