package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One session of an MCP client: what an authorization code started for a user, a client and a gateway
 * route. Its refresh tokens rotate within it and its access tokens carry its id ({@code gid}); revoking it
 * ends them all. {@code expiresAt} is absolute: rotation does not extend it.
 */
public record Grant(String id, String tenant, String subject, String clientId, String resource, List<String> scopes,
                    String sessionId, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                    Optional<Instant> revokedAt, Optional<String> revokedWhy) {

    /** Why a grant was revoked, as stored and shown. */
    public enum Revocation {
        /** A refresh token of the family was used a second time. */
        REFRESH_REUSED("refresh_reused"),
        /** Its authorization code was presented again. */
        CODE_REUSED("code_reused"),
        /** The client revoked a token of it (RFC 7009). */
        CLIENT("client"),
        /** The user withdrew the consent. */
        CONSENT_WITHDRAWN("consent_withdrawn"),
        /** An operator ended it in the console. */
        OPERATOR("operator");

        private final String code;

        Revocation(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(resource, "resource");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revokedWhy, "revokedWhy");
    }

    /** Neither revoked nor past its absolute end. */
    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
