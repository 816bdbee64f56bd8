package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a user allowed an MCP client: the scopes it may have for one gateway route ({@code resource}),
 * remembered so the consent page is shown again only when the client asks for more.
 */
public record Consent(String id, String tenant, String subject, String clientId, String resource,
                      List<String> scopes, Instant createdAt, Instant updatedAt) {

    public Consent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(resource, "resource");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether this consent already covers every one of {@code requested}. */
    public boolean covers(List<String> requested) {
        return scopes.containsAll(requested);
    }
}
