package dev.latchkey.protocol;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How Latchkey is known to one authorization server for one redirect URI. The secret is held
 * opened only in memory, for the token request; {@link #toString()} never shows it.
 */
public record RegisteredClient(String ref, String issuer, URI redirectUri, Method method, String clientId,
                               Optional<String> clientSecret, String authMethod, Optional<Instant> secretExpiresAt,
                               Instant createdAt) {

    /** How the client was obtained. */
    public enum Method {
        PRE_REGISTERED("pre_registered"), CIMD("cimd"), DYNAMIC("dynamic");

        private final String code;

        Method(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Method fromCode(String code) {
            for (Method method : values()) {
                if (method.code.equals(code)) {
                    return method;
                }
            }
            throw new IllegalArgumentException("unknown registration method " + code);
        }
    }

    public RegisteredClient {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(secretExpiresAt, "secretExpiresAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean secretExpired(Instant now) {
        return secretExpiresAt.filter(at -> !at.isAfter(now)).isPresent();
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + ref + ", " + issuer + ", " + method.code() + ", " + clientId + ", " + authMethod
                + (clientSecret.isPresent() ? ", secret ****" : "") + "]";
    }
}
