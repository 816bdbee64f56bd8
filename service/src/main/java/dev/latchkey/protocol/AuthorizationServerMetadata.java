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
                                          List<MetadataRelaxation> relaxations,
                                          List<String> dpopSigningAlgValuesSupported) {

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
        dpopSigningAlgValuesSupported = List.copyOf(dpopSigningAlgValuesSupported);
    }

    /** Metadata of a server that does not advertise DPoP (RFC 9449). */
    public AuthorizationServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
                                       Optional<URI> registrationEndpoint, Optional<URI> revocationEndpoint,
                                       Optional<URI> introspectionEndpoint,
                                       List<String> codeChallengeMethodsSupported,
                                       List<String> tokenEndpointAuthMethodsSupported,
                                       List<String> scopesSupported, List<String> grantTypesSupported,
                                       boolean authorizationResponseIssParameterSupported,
                                       boolean clientIdMetadataDocumentSupported, URI fetchedFrom,
                                       List<MetadataRelaxation> relaxations) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, revocationEndpoint,
                introspectionEndpoint, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                scopesSupported, grantTypesSupported, authorizationResponseIssParameterSupported,
                clientIdMetadataDocumentSupported, fetchedFrom, relaxations, List.of());
    }

    /** The same document with {@code dpop_signing_alg_values_supported} (RFC 9449 §5.1). */
    public AuthorizationServerMetadata withDPoPAlgorithms(List<String> algorithms) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, introspectionEndpoint, codeChallengeMethodsSupported,
                tokenEndpointAuthMethodsSupported, scopesSupported, grantTypesSupported,
                authorizationResponseIssParameterSupported, clientIdMetadataDocumentSupported, fetchedFrom,
                relaxations, algorithms);
    }

    /** Whether the server binds tokens to a DPoP key signing with {@code algorithm} (e.g. ES256). */
    public boolean supportsDPoP(String algorithm) {
        return dpopSigningAlgValuesSupported.contains(algorithm);
    }

    public boolean supportsS256() {
        return codeChallengeMethodsSupported.contains("S256");
    }

    /** Whether a provider plugin declared a relaxation of this kind on the document. */
    public boolean declares(RelaxationKind kind) {
        return relaxations.stream().anyMatch(r -> r instanceof MetadataRelaxation.Declared d && d.kind() == kind);
    }
}
