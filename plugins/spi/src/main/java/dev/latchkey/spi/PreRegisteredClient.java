package dev.latchkey.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Use a client registered out of band (GitHub, Slack, Asana, Entra, HubSpot): no registration
 * request is made. {@link #toString()} masks the secret.
 *
 * @param clientId     the client id issued by the provider
 * @param clientSecret the client secret; present exactly when {@code authMethod} uses one
 * @param authMethod   how the client authenticates at the token endpoint
 */
public record PreRegisteredClient(String clientId, Optional<String> clientSecret, ClientAuthMethod authMethod)
        implements RegistrationChoice {

    /** Validates that a secret is given exactly when the auth method needs one. */
    public PreRegisteredClient {
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
                + clientSecret.map(s -> "****").orElse("none") + ", authMethod=" + authMethod.wireName() + "]";
    }
}
