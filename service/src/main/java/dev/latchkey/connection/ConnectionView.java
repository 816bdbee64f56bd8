package dev.latchkey.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A connection as the API shows it: never any token material. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(String id, String status, String kind, String subject, Server server, List<String> scopes,
                             Instant accessTokenExpiresAt, boolean refreshable, Instant lastRefreshAt,
                             int refreshFailures, String lastError, String dpopJkt, Instant createdAt,
                             Instant updatedAt) {

    /** The MCP server and authorization server the connection is for. */
    public record Server(String id, String slug, String url, String resource, String issuer) {
    }

    public static ConnectionView of(Connection c) {
        return new ConnectionView(c.id(), c.status().code(), c.kind().code(), c.subject(),
                new Server(c.serverId(), c.serverSlug(), c.serverUrl(), c.resource(), c.issuer()), c.scopes(),
                c.accessExpiresAt().orElse(null), c.hasRefreshToken(), c.lastRefreshAt().orElse(null),
                c.refreshFailures(), c.lastError().orElse(null), c.dpopJkt().orElse(null), c.createdAt(),
                c.updatedAt());
    }
}
