package dev.latchkey.discovery;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Identifier;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.MetadataRelaxation;
import dev.latchkey.protocol.ProviderText;
import dev.latchkey.spi.RelaxationKind;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.minidev.json.JSONObject;

/**
 * Turns an RFC 8414 / OpenID Connect discovery document into our record, with the checks 2026-07-28
 * asks for: the issuer identical to the one expected, S256 offered, endpoints on https outside
 * development.
 */
final class AuthorizationServerMetadataReader {

    private final boolean developmentMode;

    AuthorizationServerMetadataReader(boolean developmentMode) {
        this.developmentMode = developmentMode;
    }

    /** Parses and checks; {@code expectedIssuer} empty means the issuer is not compared (legacy). */
    AuthorizationServerMetadata read(MetadataFetch.Fetched fetched, Optional<String> expectedIssuer,
                                     List<MetadataRelaxation> relaxations) {
        AuthorizationServerMetadata metadata = parse(fetched, relaxations);
        check(metadata, fetched.url(), expectedIssuer);
        return metadata;
    }

    /**
     * Parses without the issuer and S256 checks, so provider plugins can patch the document first
     * ({@link #check} runs on the result).
     */
    AuthorizationServerMetadata parse(MetadataFetch.Fetched fetched, List<MetadataRelaxation> relaxations) {
        com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata parsed = parse(fetched);
        String issuer = parsed.getIssuer().getValue();
        if (parsed.getAuthorizationEndpointURI() == null || parsed.getTokenEndpointURI() == null) {
            throw Failure.upstream("discovery_failed", "the metadata at " + fetched.url()
                    + " lacks an authorization or token endpoint");
        }
        return new AuthorizationServerMetadata(issuer,
                parsed.getAuthorizationEndpointURI(), parsed.getTokenEndpointURI(),
                Optional.ofNullable(parsed.getRegistrationEndpointURI()),
                Optional.ofNullable(parsed.getRevocationEndpointURI()),
                Optional.ofNullable(parsed.getIntrospectionEndpointURI()), names(parsed.getCodeChallengeMethods()),
                names(parsed.getTokenEndpointAuthMethods()),
                parsed.getScopes() == null ? List.of() : parsed.getScopes().toStringList(),
                names(parsed.getGrantTypes()), parsed.supportsAuthorizationResponseIssuerParam(),
                Boolean.TRUE.equals(parsed.getCustomParameter("client_id_metadata_document_supported")),
                fetched.url(), relaxations)
                .withDPoPAlgorithms(parsed.getDPoPJWSAlgs() == null ? List.of()
                        : parsed.getDPoPJWSAlgs().stream().map(a -> a.getName()).toList());
    }

    /**
     * The 2026-07-28 checks: the issuer identical to the one expected (unless a plugin declared
     * ACCEPT_ISSUER_MISMATCH), S256 offered (a plugin may have added it, declared), https endpoints.
     */
    void check(AuthorizationServerMetadata metadata, URI from, Optional<String> expectedIssuer) {
        String issuer = metadata.issuer();
        if (expectedIssuer.isPresent() && !expectedIssuer.get().equals(issuer)
                && !metadata.declares(RelaxationKind.ACCEPT_ISSUER_MISMATCH)) {
            throw Failure.upstream("issuer_mismatch", "the metadata at " + from + " names the issuer "
                    + quote(issuer) + ", not " + quote(expectedIssuer.get()));
        }
        if (!metadata.supportsS256()) {
            throw Failure.upstream("pkce_unsupported", "the authorization server " + issuer
                    + " does not list S256 in code_challenge_methods_supported");
        }
        requireHttps(metadata);
    }

    /** Outside development every endpoint Latchkey will call or send a browser to must be https. */
    void requireHttps(AuthorizationServerMetadata metadata) {
        if (developmentMode) {
            return;
        }
        List<URI> endpoints = new java.util.ArrayList<>(List.of(URI.create(metadata.issuer()),
                metadata.authorizationEndpoint(), metadata.tokenEndpoint()));
        metadata.registrationEndpoint().ifPresent(endpoints::add);
        metadata.revocationEndpoint().ifPresent(endpoints::add);
        for (URI endpoint : endpoints) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https")) {
                throw Failure.upstream("insecure_endpoint", "the authorization server " + metadata.issuer()
                        + " publishes an endpoint that is not https: " + dev.latchkey.http.GuardedHttpClient.withoutQuery(endpoint));
            }
        }
    }

    private static com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata parse(MetadataFetch.Fetched fetched) {
        try {
            return com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(new JSONObject(fetched.json()));
        } catch (ParseException | IllegalArgumentException e) {
            throw Failure.upstream("discovery_failed", "the metadata at " + fetched.url()
                    + " is not valid authorization server metadata");
        }
    }

    private static List<String> names(List<? extends Identifier> values) {
        return values == null ? List.of() : values.stream().map(Identifier::getValue).toList();
    }

    private static String quote(String value) {
        return "\"" + ProviderText.evidence(value, 200) + "\"";
    }
}
