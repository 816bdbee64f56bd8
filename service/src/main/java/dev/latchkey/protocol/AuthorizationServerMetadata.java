package dev.latchkey.protocol;

import dev.latchkey.spi.RelaxationKind;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 8414 / OpenID Connect authorization-server metadata, as far as Latchkey uses it.
 * {@code relaxations} lists every provider-specific leniency applied (e.g. an assumed S256),
 * typed so checks can ask {@link #declares} and audits can show {@link MetadataRelaxation#text()}.
 */
public record AuthorizationServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
                                          Optional<URI> registrationEndpoint, Optional<URI> revocationEndpoint,
                                          Optional<URI> introspectionEndpoint,
                                          List<String> codeChallengeMethodsSupported,
                                          List<String> tokenEndpointAuthMethodsSupported,
                                          List<String> scopesSupported, List<String> grantTypesSupported,
                                          boolean authorizationResponseIssParameterSupported,
                                          boolean clientIdMetadataDocumentSupported, URI fetchedFrom,
                                          List<MetadataRelaxation> relaxations) {

    public AuthorizationServerMetadata {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(registrationEndpoint, "registrationEndpoint");
        Objects.requireNonNull(revocationEndpoint, "revocationEndpoint");
        Objects.requireNonNull(introspectionEndpoint, "introspectionEndpoint");
        codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
        tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
        scopesSupported = List.copyOf(scopesSupported);
        grantTypesSupported = List.copyOf(grantTypesSupported);
        Objects.requireNonNull(fetchedFrom, "fetchedFrom");
        relaxations = List.copyOf(relaxations);
    }

    public boolean supportsS256() {
        return codeChallengeMethodsSupported.contains("S256");
    }

    /** Whether a provider plugin declared a relaxation of this kind on the document. */
    public boolean declares(RelaxationKind kind) {
        return relaxations.stream().anyMatch(r -> r instanceof MetadataRelaxation.Declared d && d.kind() == kind);
    }
}
