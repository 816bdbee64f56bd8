package dev.latchkey.connection;

import dev.latchkey.event.EventSubject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tokens for (tenant, subject, resource, issuer), as stored: the token set is sealed. */
public record Connection(String id, String tenant, String subject, String serverId, String serverSlug,
                         String serverUrl, String resource, String publishedResource, String issuer, String clientRef,
                         ConnectionStatus status,
                         List<String> scopes, Optional<String> tokensSealed, Optional<Instant> accessExpiresAt,
                         boolean hasRefreshToken, Optional<Instant> lastRefreshAt, int refreshFailures,
                         Optional<String> lastError, Optional<Instant> nextRefreshAfter,
                         Optional<Instant> refreshLeaseUntil, long version, Instant createdAt, Instant updatedAt,
                         Optional<String> dpopJkt) {

    public Connection {
        scopes = List.copyOf(scopes);
    }

    /** A connection whose tokens are not DPoP-bound. */
    public Connection(String id, String tenant, String subject, String serverId, String serverSlug,
                      String serverUrl, String resource, String publishedResource, String issuer, String clientRef,
                      ConnectionStatus status, List<String> scopes, Optional<String> tokensSealed,
                      Optional<Instant> accessExpiresAt, boolean hasRefreshToken, Optional<Instant> lastRefreshAt,
                      int refreshFailures, Optional<String> lastError, Optional<Instant> nextRefreshAfter,
                      Optional<Instant> refreshLeaseUntil, long version, Instant createdAt, Instant updatedAt) {
        this(id, tenant, subject, serverId, serverSlug, serverUrl, resource, publishedResource, issuer, clientRef,
                status, scopes,
                tokensSealed, accessExpiresAt, hasRefreshToken, lastRefreshAt, refreshFailures, lastError,
                nextRefreshAfter, refreshLeaseUntil, version, createdAt, updatedAt, Optional.empty());
    }

    /** Whether the tokens are bound to one of Latchkey's DPoP keys: usable only with its proofs. */
    public boolean dpopBound() {
        return dpopJkt.isPresent();
    }

    /** Whom and which server this connection's events are about. */
    public EventSubject eventSubject() {
        return new EventSubject(tenant, subject, serverId, serverSlug);
    }

    /** The additional authenticated data that binds sealed tokens to this connection's identity. */
    public String tokenAad() {
        return aad(id, tenant, subject, resource, issuer);
    }

    public static String aad(String id, String tenant, String subject, String resource, String issuer) {
        return "connection\u0000" + id + "\u0000" + tenant + "\u0000" + subject + "\u0000" + resource + "\u0000" + issuer;
    }

    public ConnectionKind kind() {
        return ConnectionKind.of(clientRef);
    }

    /** Whether its access token can be renewed without the user: a refresh token, or a machine client. */
    public boolean renewable() {
        return hasRefreshToken || kind() == ConnectionKind.CLIENT_CREDENTIALS;
    }
}
