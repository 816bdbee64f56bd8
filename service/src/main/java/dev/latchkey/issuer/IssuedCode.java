package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization code as stored: its hash only, and everything it is bound to — the client, the exact
 * redirect URI, the resource, the scopes, the PKCE challenge (S256), the user and the user's session.
 * {@code grantId} is set when it is redeemed, so a second redemption can revoke what the first began.
 */
public record IssuedCode(String codeHash, String clientId, String redirectUri, String resource, List<String> scopes,
                         String codeChallenge, String tenant, String subject, String sessionId, Instant createdAt,
                         Instant expiresAt, Optional<Instant> usedAt, Optional<String> grantId) {

    public IssuedCode {
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(resource, "resource");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(grantId, "grantId");
    }

    @Override
    public String toString() {
        return "IssuedCode[" + clientId + " " + resource + "]";
    }
}
