package dev.latchkey.registration;

import dev.latchkey.protocol.RegisteredClient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What an authorization server (or our own CIMD document) made of Latchkey, before it is stored. */
record Issued(RegisteredClient.Method method, String clientId, Optional<String> clientSecret, String authMethod,
              Optional<Instant> secretExpiresAt) {

    Issued {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(secretExpiresAt, "secretExpiresAt");
    }

    @Override
    public String toString() {
        return "Issued[" + method.code() + ", " + clientId + ", " + authMethod + "]";
    }
}
