package dev.latchkey.plugin;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.MetadataRelaxation;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Converts discovery's records to the SPI's and back. Fields the SPI does not carry (where a document
 * was fetched, introspection, grant types) are kept from the engine's record; relaxations a plugin
 * declared are appended to the engine's as {@link MetadataRelaxation.Declared}, which is how discovery's
 * checks learn of them.
 */
final class MetadataMapping {

    private MetadataMapping() {
    }

    static dev.latchkey.spi.ProtectedResourceMetadata toSpi(ProtectedResourceMetadata prm) {
        return convert("protected-resource metadata", () -> new dev.latchkey.spi.ProtectedResourceMetadata(
                prm.resource(), prm.authorizationServers(), prm.scopesSupported(), Optional.empty(), List.of()));
    }

    static ProtectedResourceMetadata fromSpi(dev.latchkey.spi.ProtectedResourceMetadata prm, URI fetchedFrom) {
        return new ProtectedResourceMetadata(prm.resource(), prm.authorizationServers(), prm.scopesSupported(),
                fetchedFrom);
    }

    static dev.latchkey.spi.AuthorizationServerMetadata toSpi(AuthorizationServerMetadata as) {
        return convert("authorization server metadata", () -> new dev.latchkey.spi.AuthorizationServerMetadata(
                as.issuer(), as.authorizationEndpoint(), as.tokenEndpoint(), as.registrationEndpoint(),
                as.revocationEndpoint(), as.scopesSupported(), as.codeChallengeMethodsSupported(),
                as.tokenEndpointAuthMethodsSupported(), as.clientIdMetadataDocumentSupported(),
                as.authorizationResponseIssParameterSupported(), List.of()));
    }

    /** {@code original} supplies what the SPI does not carry; empty for a document a plugin supplied. */
    static AuthorizationServerMetadata fromSpi(dev.latchkey.spi.AuthorizationServerMetadata as,
                                               Optional<AuthorizationServerMetadata> original, String byWhom) {
        List<MetadataRelaxation> relaxations = new ArrayList<>(original.map(AuthorizationServerMetadata::relaxations)
                .orElse(List.of()));
        as.relaxations().forEach(r -> relaxations.add(new MetadataRelaxation.Declared(r.kind(), byWhom, r.reason())));
        return new AuthorizationServerMetadata(as.issuer(), as.authorizationEndpoint(), as.tokenEndpoint(),
                as.registrationEndpoint(), as.revocationEndpoint(),
                original.flatMap(AuthorizationServerMetadata::introspectionEndpoint),
                as.codeChallengeMethodsSupported(), as.tokenEndpointAuthMethodsSupported(), as.scopesSupported(),
                original.map(AuthorizationServerMetadata::grantTypesSupported).orElse(List.of()),
                as.authorizationResponseIssParameterSupported(), as.clientIdMetadataDocumentSupported(),
                original.map(AuthorizationServerMetadata::fetchedFrom).orElse(URI.create(as.issuer())), relaxations)
                .withDPoPAlgorithms(original.map(AuthorizationServerMetadata::dpopSigningAlgValuesSupported)
                        .orElse(List.of()));
    }

    private static <T> T convert(String what, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Failure.upstream("discovery_failed", "the " + what
                    + " cannot be handed to provider plugins: " + e.getMessage());
        }
    }
}
