package dev.latchkey.issuer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MCP client known to the authorization server: registered (RFC 7591, {@code lkc_…}) or described by
 * its Client ID Metadata Document (the client id is the document's URL). The secret of a confidential
 * client is kept only as a hash.
 */
public record McpClient(String clientId, Kind kind, Optional<String> name, List<String> redirectUris,
                        AuthMethod authMethod, List<String> grantTypes, Optional<String> secretHash,
                        Instant createdAt, Instant lastSeenAt, Optional<Instant> freshUntil) {

    /** How the client became known. */
    public enum Kind {
        REGISTERED("registered"), METADATA_DOCUMENT("metadata_document");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind fromCode(String code) {
            return code.equals(METADATA_DOCUMENT.code) ? METADATA_DOCUMENT : REGISTERED;
        }
    }

    /** How the client authenticates at the token and revocation endpoints. */
    public enum AuthMethod {
        NONE("none"), CLIENT_SECRET_BASIC("client_secret_basic"), CLIENT_SECRET_POST("client_secret_post");

        private final String code;

        AuthMethod(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Optional<AuthMethod> fromCode(String code) {
            for (AuthMethod method : values()) {
                if (method.code.equals(code)) {
                    return Optional.of(method);
                }
            }
            return Optional.empty();
        }
    }

    public McpClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        redirectUris = List.copyOf(redirectUris);
        Objects.requireNonNull(authMethod, "authMethod");
        grantTypes = List.copyOf(grantTypes);
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(freshUntil, "freshUntil");
    }

    /** Whether {@code redirectUri} is exactly one of the registered ones. */
    public boolean allowsRedirect(String redirectUri) {
        return redirectUri != null && redirectUris.contains(redirectUri);
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** What people see: the name the client gave, else its client id. */
    public String displayName() {
        return name.orElse(clientId);
    }

    @Override
    public String toString() {
        return "McpClient[" + clientId + "]";
    }
}
