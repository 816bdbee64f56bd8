package dev.latchkey.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Use a client registered out of band (GitHub, Slack, Asana, Entra, HubSpot): no registration
 * request is made. {@link #toString()} masks the secret.
 *
 * <p>A credential belongs to the authorization servers that issued it, and the engine hands it only
 * to those: {@code issuers} lists their exact issuer strings (an entry ending in {@code /*} stands
 * for every issuer below that prefix, e.g. {@code https://login.microsoftonline.com/*}). A client
 * bound to no issuer is never used — matching a plugin by the MCP server's host may apply quirks,
 * never credentials, since anyone can publish metadata pointing a server at any authorization server.
 *
 * @param clientId     the client id issued by the provider
 * @param clientSecret the client secret; present exactly when {@code authMethod} uses one
 * @param authMethod   how the client authenticates at the token endpoint
 * @param issuers      the issuers the credential belongs to (since SPI 1.1)
 */
public record PreRegisteredClient(String clientId, Optional<String> clientSecret, ClientAuthMethod authMethod,
                                  List<String> issuers) implements RegistrationChoice {

    /** Validates that a secret is given exactly when the auth method needs one, and each issuer binding. */
    public PreRegisteredClient {
        issuers = List.copyOf(Objects.requireNonNull(issuers, "issuers"));
        issuers.forEach(issuer -> Checks.issuerBinding(issuer, "issuers"));
        Checks.nonBlank(clientId, "clientId");
        Checks.optional(clientSecret, "clientSecret");
        Objects.requireNonNull(authMethod, "authMethod");
        if (authMethod.usesClientSecret() && clientSecret.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalArgumentException(authMethod.wireName() + " needs a client secret");
        }
        if (!authMethod.usesClientSecret() && clientSecret.isPresent()) {
            throw new IllegalArgumentException(authMethod.wireName() + " must not carry a client secret");
        }
    }

    /**
     * A client bound to no issuer yet (SPI 1.0's constructor); see {@link #boundTo(List)}.
     *
     * @param clientId     the client id issued by the provider
     * @param clientSecret the client secret; present exactly when {@code authMethod} uses one
     * @param authMethod   how the client authenticates at the token endpoint
     */
    public PreRegisteredClient(String clientId, Optional<String> clientSecret, ClientAuthMethod authMethod) {
        this(clientId, clientSecret, authMethod, List.of());
    }

    /**
     * Returns a copy that belongs to these issuers.
     *
     * @param newIssuers exact issuers, or prefixes ending in {@code /*}
     * @return the bound client
     */
    public PreRegisteredClient boundTo(List<String> newIssuers) {
        return new PreRegisteredClient(clientId, clientSecret, authMethod, newIssuers);
    }

    /**
     * Whether the credential belongs to this issuer: an exact entry, or a {@code /*} prefix entry.
     *
     * @param issuer the discovered issuer, exactly as advertised
     * @return true when the engine may send the credential to that issuer's endpoints
     */
    public boolean belongsTo(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        return issuers.stream().anyMatch(entry -> entry.endsWith("/*")
                ? issuer.startsWith(entry.substring(0, entry.length() - 1))
                : entry.equals(issuer));
    }

    /** A public client (PKCE, no secret). */
    public static PreRegisteredClient publicClient(String clientId) {
        return new PreRegisteredClient(clientId, Optional.empty(), ClientAuthMethod.NONE);
    }

    /** A confidential client authenticating with {@code authMethod} and {@code secret}. */
    public static PreRegisteredClient confidential(String clientId, String secret, ClientAuthMethod authMethod) {
        return new PreRegisteredClient(clientId, Optional.of(secret), authMethod);
    }

    /** Masks the secret. */
    @Override
    public String toString() {
        return "PreRegisteredClient[clientId=" + clientId + ", clientSecret="
                + clientSecret.map(s -> "****").orElse("none") + ", authMethod=" + authMethod.wireName()
                + ", issuers=" + issuers + "]";
    }
}
