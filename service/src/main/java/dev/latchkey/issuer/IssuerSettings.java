package dev.latchkey.issuer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The authorization server's settings as its services use them ({@link IssuerFactory#settings()}). */
public record IssuerSettings(Duration accessTokenLifetime, Duration refreshTokenLifetime, Duration codeLifetime,
                             boolean metadataDocuments, long metadataDocumentMaxBytes,
                             Duration metadataDocumentCacheFor,
                             Duration metadataDocumentTimeout, boolean dynamicRegistration, List<String> scopes) {

    public IssuerSettings {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
        Objects.requireNonNull(codeLifetime, "codeLifetime");
        Objects.requireNonNull(metadataDocumentCacheFor, "metadataDocumentCacheFor");
        Objects.requireNonNull(metadataDocumentTimeout, "metadataDocumentTimeout");
        scopes = List.copyOf(scopes);
    }

    /** The defaults of {@code authorizationServer:}. */
    public static IssuerSettings defaults() {
        return new IssuerFactory().settings();
    }
}
