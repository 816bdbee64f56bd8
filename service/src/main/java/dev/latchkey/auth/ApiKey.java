package dev.latchkey.auth;

import java.time.Instant;
import java.util.Optional;

/** What is stored of an API key: never the key itself, only its prefix and hash. */
public record ApiKey(String id, String prefix, String keyHash, String tenant, Optional<String> name, Instant createdAt,
                     Optional<Instant> revokedAt) {

    public boolean isRevoked() {
        return revokedAt.isPresent();
    }
}
