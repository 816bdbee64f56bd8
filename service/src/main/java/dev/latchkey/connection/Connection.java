package dev.latchkey.connection;

import dev.latchkey.event.EventSubject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tokens for (tenant, subject, resource, issuer), as stored: the token set is sealed. */
public record Connection(String id, String tenant, String subject, String serverId, String serverSlug,
                         String serverUrl, String resource, String publishedResource, String issuer, String clientRef, ConnectionStatus status,
                         List<String> scopes, Optional<String> tokensSealed, Optional<Instant> accessExpiresAt,
                         boolean hasRefreshToken, Optional<Instant> lastRefreshAt, int refreshFailures,
                         Optional<String> lastError, Optional<Instant> nextRefreshAfter,
                         Optional<Instant> refreshLeaseUntil, long version, Instant createdAt, Instant updatedAt) {

    public Connection {
        scopes = List.copyOf(scopes);
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
}
