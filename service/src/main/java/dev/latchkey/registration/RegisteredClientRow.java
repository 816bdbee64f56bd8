package dev.latchkey.registration;

import java.util.Optional;

/** One row of registered_clients; the secret stays sealed here. */
record RegisteredClientRow(String id, String issuer, String redirectUri, String status, String method,
                           Optional<String> clientId, Optional<String> secretSealed, Optional<String> authMethod,
                           Optional<Long> secretExpiresAt, Optional<Long> leaseUntil, long createdAt) {

    static final String ACTIVE = "active";
    static final String REGISTERING = "registering";

    boolean active() {
        return ACTIVE.equals(status);
    }
}
