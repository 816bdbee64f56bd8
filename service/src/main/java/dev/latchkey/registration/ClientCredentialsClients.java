package dev.latchkey.registration;

import dev.latchkey.protocol.ClientAssertionKey;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.ClientCredentialsClient.AuthMethod;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The operator's client-credentials clients ({@code registration.clientCredentials}), checked at
 * start. Like pre-registered clients they live in the configuration, so a rotated secret or key takes
 * effect on restart; a connection names its client by a reference derived from tenant, server and
 * client id, which also tells a client-credentials connection from a user's.
 */
public final class ClientCredentialsClients {

    private static final String PREFIX = "cc_";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final List<ClientCredentialsClient> clients;

    public ClientCredentialsClients(List<ClientCredentialsEntry> configured) {
        this.clients = configured.stream().map(ClientCredentialsClients::client).toList();
    }

    public static ClientCredentialsClients none() {
        return new ClientCredentialsClients(List.of());
    }

    /** Whether a connection's client reference names a client-credentials client. */
    public static boolean isRef(String clientRef) {
        return clientRef != null && clientRef.startsWith(PREFIX);
    }

    /** The client configured for the tenant's server whose subject ({@code client:<id>}) is {@code subject}. */
    public Optional<ClientCredentialsClient> forSubject(String tenant, String subject, URI serverUrl) {
        String canonical = ResourceUris.canonical(serverUrl);
        return clients.stream().filter(c -> c.tenant().equals(tenant) && c.subject().equals(subject)
                && c.serverUrl().equals(canonical)).findFirst();
    }

    public Optional<ClientCredentialsClient> byRef(String ref) {
        return clients.stream().filter(c -> c.ref().equals(ref)).findFirst();
    }

    public List<ClientCredentialsClient> all() {
        return clients;
    }

    /** Never echoes the secret or the key: a configuration error message may be logged. */
    private static ClientCredentialsClient client(ClientCredentialsEntry entry) {
        String where = "registration.clientCredentials (" + entry.getTenant() + ", " + entry.getClientId() + "): ";
        AuthMethod method = AuthMethod.fromWireName(entry.getAuthMethod()).orElseThrow(() ->
                new IllegalArgumentException(where + "authMethod must be client_secret_basic or private_key_jwt"));
        String serverUrl;
        try {
            serverUrl = ResourceUris.canonical(URI.create(entry.getServerUrl()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "serverUrl is not a URL");
        }
        try {
            Optional<ClientAssertionKey> key = entry.getPrivateKey().map(ClientAssertionKeys::parse);
            return new ClientCredentialsClient(ref(entry.getTenant(), serverUrl, entry.getClientId()),
                    entry.getTenant(), serverUrl, entry.getClientId(), method,
                    method == AuthMethod.CLIENT_SECRET_BASIC ? entry.getClientSecret() : Optional.empty(),
                    method == AuthMethod.PRIVATE_KEY_JWT ? key : Optional.empty(), entry.getScopes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
    }

    static String ref(String tenant, String serverUrl, String clientId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((tenant + "\u0000" + serverUrl + "\u0000"
                    + clientId).getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(PREFIX);
            for (int i = 0; i < 26; i++) {
                out.append(BASE32[hash[i] & 31]);
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
