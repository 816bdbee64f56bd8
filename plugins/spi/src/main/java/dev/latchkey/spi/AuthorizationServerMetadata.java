package dev.latchkey.spi;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The parts of RFC 8414 / OpenID Connect Discovery metadata the engine acts on. Received by
 * {@link ProviderPlugin#patchAuthorizationServerMetadata} and returned by
 * {@link ProviderPlugin#supplyAuthorizationServerMetadata}.
 *
 * @param issuer                                     the issuer, compared as an exact string
 * @param authorizationEndpoint                      the authorization endpoint
 * @param tokenEndpoint                              the token endpoint
 * @param registrationEndpoint                       the RFC 7591 registration endpoint, if any
 * @param revocationEndpoint                         the RFC 7009 revocation endpoint, if any
 * @param scopesSupported                            advertised scopes; empty when none
 * @param codeChallengeMethodsSupported              PKCE methods; the engine refuses to proceed
 *                                                   without {@code S256} unless
 *                                                   {@link RelaxationKind#ASSUME_PKCE_S256} is
 *                                                   declared
 * @param tokenEndpointAuthMethodsSupported          wire names such as {@code none},
 *                                                   {@code client_secret_basic}; empty when not
 *                                                   advertised
 * @param clientIdMetadataDocumentSupported          {@code client_id_metadata_document_supported}
 * @param authorizationResponseIssParameterSupported RFC 9207
 *                                                   {@code authorization_response_iss_parameter_supported}
 * @param relaxations                                declared deviations, logged to the audit log
 */
public record AuthorizationServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
                                          Optional<URI> registrationEndpoint, Optional<URI> revocationEndpoint,
                                          List<String> scopesSupported, List<String> codeChallengeMethodsSupported,
                                          List<String> tokenEndpointAuthMethodsSupported,
                                          boolean clientIdMetadataDocumentSupported,
                                          boolean authorizationResponseIssParameterSupported,
                                          List<Relaxation> relaxations) {

    /** The PKCE method the specification requires. */
    public static final String S256 = "S256";

    /** Validates URIs and copies the lists. */
    public AuthorizationServerMetadata {
        Checks.absoluteUriString(issuer, "issuer");
        Checks.absolute(authorizationEndpoint, "authorizationEndpoint");
        Checks.absolute(tokenEndpoint, "tokenEndpoint");
        Checks.optional(registrationEndpoint, "registrationEndpoint").ifPresent(u -> Checks.absolute(u, "registrationEndpoint"));
        Checks.optional(revocationEndpoint, "revocationEndpoint").ifPresent(u -> Checks.absolute(u, "revocationEndpoint"));
        scopesSupported = Checks.tokens(scopesSupported, "scopesSupported");
        codeChallengeMethodsSupported = Checks.tokens(codeChallengeMethodsSupported, "codeChallengeMethodsSupported");
        tokenEndpointAuthMethodsSupported = Checks.tokens(tokenEndpointAuthMethodsSupported, "tokenEndpointAuthMethodsSupported");
        relaxations = Checks.relaxations(relaxations);
    }

    /**
     * Static metadata with just the two endpoints every flow needs, for providers that publish
     * none; add the rest with {@code withX} methods.
     */
    public static AuthorizationServerMetadata of(String issuer, URI authorizationEndpoint, URI tokenEndpoint) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of(), false, false, List.of());
    }

    /** Whether {@code S256} is listed. */
    public boolean supportsS256() {
        return codeChallengeMethodsSupported.contains(S256);
    }

    /** Whether {@code method} is listed in {@code token_endpoint_auth_methods_supported}. */
    public boolean supportsAuthMethod(ClientAuthMethod method) {
        return tokenEndpointAuthMethodsSupported.contains(method.wireName());
    }

    /**
     * The audited "assume S256" override: adds {@code S256} to the PKCE methods (if missing) and
     * declares {@link RelaxationKind#ASSUME_PKCE_S256} with {@code reason}. Returns this record
     * unchanged when S256 is already advertised, so nothing is logged for a compliant server.
     */
    public AuthorizationServerMetadata assumeS256(String reason) {
        if (supportsS256()) {
            return this;
        }
        return withCodeChallengeMethodsSupported(Checks.append(codeChallengeMethodsSupported, S256))
                .withRelaxation(new Relaxation(RelaxationKind.ASSUME_PKCE_S256, reason));
    }

    /** Returns a copy with a different issuer; see {@link RelaxationKind#ACCEPT_ISSUER_MISMATCH}. */
    public AuthorizationServerMetadata withIssuer(String v) {
        return new AuthorizationServerMetadata(v, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a different authorization endpoint. */
    public AuthorizationServerMetadata withAuthorizationEndpoint(URI v) {
        return new AuthorizationServerMetadata(issuer, v, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a different token endpoint. */
    public AuthorizationServerMetadata withTokenEndpoint(URI v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, v, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a registration endpoint, or without one when {@code v} is empty. */
    public AuthorizationServerMetadata withRegistrationEndpoint(Optional<URI> v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, v,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a revocation endpoint, or without one when {@code v} is empty. */
    public AuthorizationServerMetadata withRevocationEndpoint(Optional<URI> v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                v, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with different advertised scopes. */
    public AuthorizationServerMetadata withScopesSupported(List<String> v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, v, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with different PKCE methods; prefer {@link #assumeS256(String)} to add S256. */
    public AuthorizationServerMetadata withCodeChallengeMethodsSupported(List<String> v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, v, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with different token endpoint auth methods (wire names). */
    public AuthorizationServerMetadata withTokenEndpointAuthMethodsSupported(List<String> v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, v,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a different CIMD support flag. */
    public AuthorizationServerMetadata withClientIdMetadataDocumentSupported(boolean v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                v, authorizationResponseIssParameterSupported, relaxations);
    }

    /** Returns a copy with a different RFC 9207 {@code iss} support flag. */
    public AuthorizationServerMetadata withAuthorizationResponseIssParameterSupported(boolean v) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, v, relaxations);
    }

    /** Returns a copy with {@code relaxation} appended. */
    public AuthorizationServerMetadata withRelaxation(Relaxation relaxation) {
        return new AuthorizationServerMetadata(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint,
                revocationEndpoint, scopesSupported, codeChallengeMethodsSupported, tokenEndpointAuthMethodsSupported,
                clientIdMetadataDocumentSupported, authorizationResponseIssParameterSupported,
                Checks.append(relaxations, relaxation));
    }
}
