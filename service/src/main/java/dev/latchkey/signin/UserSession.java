package dev.latchkey.signin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A row of {@code user_sessions}: who signed in where and when, and whether the session still holds. */
public record UserSession(String id, String secretHash, String tenant, String provider, String subject,
                          String displayName, Instant createdAt, Instant expiresAt, Optional<Instant> endedAt,
                          Instant lastSeenAt) {

    /** Where a session stands at a moment. */
    public enum Status { ACTIVE, EXPIRED, ENDED }

    public UserSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    public Status status(Instant now) {
        if (endedAt.isPresent()) {
            return Status.ENDED;
        }
        return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
    }

    public SignedInUser user() {
        return new SignedInUser(id, tenant, provider, subject, displayName, createdAt);
    }

    @Override
    public String toString() {
        return "UserSession[" + id + ", " + tenant + ", " + provider + ", " + subject + "]";
    }
}
