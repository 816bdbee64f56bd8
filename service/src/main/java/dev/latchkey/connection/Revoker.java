package dev.latchkey.connection;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.discovery.AuthorizationServerMetadata;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.flow.FlowFailure;
import dev.latchkey.flow.Timeline;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.registration.RegisteredClient;
import dev.latchkey.token.ProviderText;
import dev.latchkey.token.TokenEndpointClient;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7009 revocation at the authorization server on disconnect: the refresh token first (it ends
 * the grant), then the access token. Best effort within the guarded client's timeouts; the outcome
 * is returned for the record and audited, and local tokens are destroyed whatever it is.
 */
public final class Revoker {

    private final ServerDiscovery discovery;
    private final ClientRegistry clients;
    private final NimbusHttp http;
    private final AuditLog audit;
    private final Clock clock;

    public Revoker(ServerDiscovery discovery, ClientRegistry clients, NimbusHttp http, AuditLog audit, Clock clock) {
        this.discovery = discovery;
        this.clients = clients;
        this.http = http;
        this.audit = audit;
        this.clock = clock;
    }

    public String revoke(Connection connection, TokenSet tokens) {
        String outcome;
        try {
            outcome = attempt(connection, tokens);
        } catch (RuntimeException e) {
            // Best effort: whatever went wrong here must not keep the local tokens alive.
            outcome = "not revoked upstream: " + e.getClass().getSimpleName();
        }
        audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", connection.tenant(), "connection.revoke_upstream",
                "connection", connection.id(), outcome.startsWith("revoked") ? AuditEntry.Outcome.SUCCESS
                        : AuditEntry.Outcome.FAILURE, outcome);
        return outcome;
    }

    private String attempt(Connection connection, TokenSet tokens) {
        Optional<RegisteredClient> client = clients.find(connection.clientRef());
        if (client.isEmpty()) {
            return "not revoked upstream: Latchkey's client registration no longer exists";
        }
        Optional<URI> endpoint;
        try {
            AuthorizationServerMetadata server = discovery.authorizationServer(connection.issuer(), new Timeline(clock));
            endpoint = server.revocationEndpoint();
        } catch (FlowFailure e) {
            return "not revoked upstream: " + e.description();
        }
        if (endpoint.isEmpty()) {
            return "not revoked upstream: the authorization server advertises no revocation endpoint";
        }
        List<Result> results = new ArrayList<>();
        tokens.refreshToken().ifPresent(refresh ->
                results.add(send(endpoint.get(), client.get(), new RefreshToken(refresh), "refresh token")));
        results.add(send(endpoint.get(), client.get(), new BearerAccessToken(tokens.accessToken()), "access token"));
        long revoked = results.stream().filter(Result::revoked).count();
        String prefix = revoked == results.size() ? "revoked at the authorization server"
                : revoked > 0 ? "partly revoked at the authorization server" : "not revoked upstream";
        return prefix + " (" + String.join("; ", results.stream().map(Result::text).toList()) + ")";
    }

    /** What one RFC 7009 request achieved, in words fit for the record. */
    private record Result(boolean revoked, String text) {
    }

    private Result send(URI endpoint, RegisteredClient client, Token token, String name) {
        TokenRevocationRequest request = TokenEndpointClient.authentication(client)
                .map(auth -> new TokenRevocationRequest(endpoint, auth, token))
                .orElseGet(() -> new TokenRevocationRequest(endpoint, new ClientID(client.clientId()), token));
        HTTPResponse response;
        try {
            response = http.send(request.toHTTPRequest(), "revocation");
        } catch (EgressException e) {
            return new Result(false, name + " not revoked: server not reached (" + e.kind().name().toLowerCase() + ")");
        }
        if (response.getStatusCode() == 200) {
            return new Result(true, name + " revoked");
        }
        String error = ProviderText.code(ErrorObject.parse(response).getCode());
        if ("unsupported_token_type".equals(error)) {
            // RFC 7009 §2.2.1: e.g. self-contained JWT access tokens, which stay valid until they expire.
            return new Result(false, name + " cannot be revoked by this server (unsupported_token_type); "
                    + "it stays valid until it expires");
        }
        return new Result(false, name + " not revoked: HTTP " + response.getStatusCode() + " " + error);
    }
}
