package dev.latchkey.connection;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import dev.latchkey.audit.AuditEntry;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.discovery.ServerDiscovery;
import dev.latchkey.http.EgressException;
import dev.latchkey.http.NimbusHttp;
import dev.latchkey.plugin.ProviderHooks;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ProviderScope;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.protocol.Timeline;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.ClientRegistry;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.RevocationRequest;
import dev.latchkey.token.RevocationMessages;
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
    private final ProviderHooks hooks;

    public Revoker(ServerDiscovery discovery, ClientRegistry clients, NimbusHttp http, AuditLog audit, Clock clock) {
        this(discovery, clients, http, audit, clock, ProviderHooks.none());
    }

    public Revoker(ServerDiscovery discovery, ClientRegistry clients, NimbusHttp http, AuditLog audit, Clock clock,
                   ProviderHooks hooks) {
        this.hooks = hooks;
        this.discovery = discovery;
        this.clients = clients;
        this.http = http;
        this.audit = audit;
        this.clock = clock;
    }

    public String revoke(Connection connection, TokenSet tokens) {
        Result outcome;
        try {
            outcome = attempt(connection, tokens);
        } catch (RuntimeException e) {
            // Best effort: whatever went wrong here must not keep the local tokens alive.
            outcome = notRevoked(e.getClass().getSimpleName());
        }
        audit.record(AuditEntry.ActorType.SYSTEM, "latchkey", connection.tenant(), "connection.revoke_upstream",
                "connection", connection.id(), outcome.revoked() ? AuditEntry.Outcome.SUCCESS
                        : AuditEntry.Outcome.FAILURE, outcome.text());
        return outcome.text();
    }

    private Result attempt(Connection connection, TokenSet tokens) {
        if (connection.kind() == ConnectionKind.CLIENT_CREDENTIALS) {
            // No grant to end: the machine client stays registered, and its last token lives until it expires.
            return notRevoked("a client-credentials token is not revoked; it stays valid until it expires");
        }
        Optional<RegisteredClient> client = clients.find(connection.clientRef());
        if (client.isEmpty()) {
            return notRevoked("Latchkey's client registration no longer exists");
        }
        Optional<URI> endpoint;
        ProviderScope scope = ProviderScope.of(URI.create(connection.serverUrl()), connection.resource(),
                "revocation:" + connection.id(), connection.tenant()).withIssuer(connection.issuer());
        try {
            AuthorizationServerMetadata server = discovery.authorizationServer(connection.issuer(),
                    new Timeline(clock, scope));
            endpoint = server.revocationEndpoint();
        } catch (Failure e) {
            return notRevoked(e.description());
        }
        if (endpoint.isEmpty()) {
            return notRevoked("the authorization server advertises no revocation endpoint");
        }
        List<Result> results = new ArrayList<>();
        tokens.refreshToken().ifPresent(refresh -> results.add(send(endpoint.get(), client.get(),
                new RefreshToken(refresh), RevocationRequest.TokenTypeHint.REFRESH_TOKEN, "refresh token", scope)));
        results.add(send(endpoint.get(), client.get(), new BearerAccessToken(tokens.accessToken()),
                RevocationRequest.TokenTypeHint.ACCESS_TOKEN, "access token", scope));
        long revoked = results.stream().filter(Result::revoked).count();
        String prefix = revoked == results.size() ? "revoked at the authorization server"
                : revoked > 0 ? "partly revoked at the authorization server" : "not revoked upstream";
        // Only all tokens revoked counts as success; a partial revocation leaves a live grant behind.
        return new Result(revoked == results.size(),
                prefix + " (" + String.join("; ", results.stream().map(Result::text).toList()) + ")");
    }

    private static Result notRevoked(String why) {
        return new Result(false, "not revoked upstream: " + why);
    }

    /** What a revocation (or one RFC 7009 request of it) achieved, in words fit for the record. */
    private record Result(boolean revoked, String text) {
    }

    private Result send(URI endpoint, RegisteredClient client, Token token, RevocationRequest.TokenTypeHint hint,
                        String name, ProviderScope scope) {
        HTTPRequest message;
        try {
            // Provider plugins may change the endpoint, client authentication, headers and extra parameters.
            RevocationRequest custom = hooks.customizeRevocation(RevocationRequest.of(endpoint, hint,
                    ClientAuthMethod.fromWireName(client.authMethod()).orElse(ClientAuthMethod.NONE)), scope, p -> { });
            message = RevocationMessages.render(custom, client, token);
        } catch (Failure e) {
            return new Result(false, name + " not revoked: " + e.description());
        }
        HTTPResponse response;
        try {
            response = http.send(message, "revocation");
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
