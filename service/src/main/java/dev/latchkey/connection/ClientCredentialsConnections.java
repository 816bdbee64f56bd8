package dev.latchkey.connection;

import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.registration.ClientCredentialsClients;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections of the operator's machine clients: when a token is asked for a subject
 * {@code client:<id>} that is configured for the tenant's server and has no usable connection, the
 * client_credentials grant makes one — stored sealed like a user's, then handed out, cached and
 * renewed by {@link ConnectionService} and the refresh lease like any other. Concurrent first requests
 * in this process share one grant; two instances may each make a first grant, and the later write
 * replaces the earlier on the same connection row (both tokens are valid until they expire).
 */
public final class ClientCredentialsConnections {

    private final ClientCredentialsClients clients;
    private final ClientCredentialsCall call;
    private final ConnectionStore store;
    private final ConnectionWriter writer;
    private final ConnectionService connections;
    private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

    public ClientCredentialsConnections(ClientCredentialsClients clients, ClientCredentialsCall call,
                                        ConnectionStore store, ConnectionWriter writer,
                                        ConnectionService connections) {
        this.clients = clients;
        this.call = call;
        this.store = store;
        this.writer = writer;
        this.connections = connections;
    }

    /** The server as the caller names it, and where its tokens come from. */
    public record Target(URI serverUrl, String serverId, String serverSlug, String resource, String publishedResource,
                         String issuer) {
    }

    /** Whether {@code subject} is a machine client configured for the tenant's server. */
    public boolean isConfigured(String tenant, String subject, URI serverUrl) {
        return clients.forSubject(tenant, subject, serverUrl).isPresent();
    }

    /**
     * A token from a new client-credentials connection for {@code subject} at {@code target}; empty
     * when the subject is not a machine client configured there. A refusal by the authorization
     * server (wrong secret, unknown client) is thrown as it came, never turned into a user's flow.
     */
    public Optional<ConnectionService.HandedToken> connect(TokenReader reader, String tenant, String subject,
                                                           Target target) {
        Optional<ClientCredentialsClient> client = clients.forSubject(tenant, subject, target.serverUrl());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        obtainOnce(client.get(), target);
        return connections.tokenFor(reader, tenant, subject, target.resource(), target.issuer());
    }

    /** A refusal gets one stable code for the caller; the server's own code and words stay in the description. */
    private TokenSet obtain(ClientCredentialsClient client, Target target) {
        try {
            return call.obtain(client, target.issuer(), target.publishedResource());
        } catch (Failure e) {
            if (e.kind() != Failure.Kind.REJECTED) {
                throw e;
            }
            throw Failure.rejected("client_credentials_rejected", "The authorization server refused the"
                    + " client-credentials client " + client.clientId() + " (" + e.summary() + "); the operator"
                    + " checks its registration there and registration.clientCredentials.");
        }
    }

    private void obtainOnce(ClientCredentialsClient client, Target target) {
        String key = client.ref() + "\u0000" + target.issuer() + "\u0000" + target.resource();
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> shared = inFlight.putIfAbsent(key, mine);
        if (shared != null) {
            try {
                shared.join();
                return;
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            TokenSet tokens = obtain(client, target);
            mine.complete(store.writeTokens(writer, new ConnectionWriter.Identity(client.tenant(), client.subject(),
                    target.serverId(), target.serverSlug(), target.serverUrl().toString(), target.resource(),
                    target.publishedResource(), target.issuer(), client.ref()), tokens));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }
}
