package dev.latchkey.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client an operator registered at an authorization server for machine-to-machine use (the
 * client_credentials grant, no user), for one tenant and one MCP server. It
 * authenticates with {@code client_secret_basic} (a secret) or {@code private_key_jwt} (RFC 7523, a
 * private key). {@code serverUrl} is the server's canonical URL. Secret and key are held only in memory;
 * {@link #toString()} shows neither.
 */
public record ClientCredentialsClient(String ref, String tenant, String serverUrl, String clientId,
                                      AuthMethod authMethod, Optional<String> clientSecret,
                                      Optional<ClientAssertionKey> signingKey, List<String> scopes) {

    /** The subject its connection is stored under: a machine, never a person. */
    public static final String SUBJECT_PREFIX = "client:";

    /** The client authentications a client-credentials client may use. */
    public enum AuthMethod {
        CLIENT_SECRET_BASIC("client_secret_basic"), PRIVATE_KEY_JWT("private_key_jwt");

        private final String wireName;

        AuthMethod(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<AuthMethod> fromWireName(String wireName) {
            for (AuthMethod method : values()) {
                if (method.wireName.equals(wireName)) {
                    return Optional.of(method);
                }
            }
            return Optional.empty();
        }
    }

    public ClientCredentialsClient {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(signingKey, "signingKey");
        scopes = List.copyOf(scopes);
        if (authMethod == AuthMethod.CLIENT_SECRET_BASIC && clientSecret.isEmpty()) {
            throw new IllegalArgumentException("client_secret_basic needs a clientSecret");
        }
        if (authMethod == AuthMethod.PRIVATE_KEY_JWT && signingKey.isEmpty()) {
            throw new IllegalArgumentException("private_key_jwt needs a private key (privateKey)");
        }
    }

    /** {@code client:<client id>}. */
    public String subject() {
        return SUBJECT_PREFIX + clientId;
    }

    @Override
    public String toString() {
        return "ClientCredentialsClient[" + ref + ", " + tenant + ", " + serverUrl + ", " + clientId + ", "
                + authMethod.wireName() + ", scopes " + scopes + "]";
    }
}
