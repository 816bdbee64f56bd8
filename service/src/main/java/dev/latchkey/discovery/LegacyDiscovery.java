package dev.latchkey.discovery;

import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.MetadataRelaxation;
import dev.latchkey.protocol.Timeline;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 2025-03-26 servers: no protected-resource metadata, the MCP origin acts as the authorization
 * server. Only used when configured, and every leniency is recorded as a relaxation. The origin the
 * document was fetched from is the server's identity, whatever issuer the document claims: a legacy
 * server can never speak for another issuer (its document would otherwise stand in for that
 * issuer's token endpoint at refresh and revocation time).
 */
final class LegacyDiscovery {

    private final MetadataFetch fetch;
    private final AuthorizationServerMetadataReader reader;

    LegacyDiscovery(MetadataFetch fetch, AuthorizationServerMetadataReader reader) {
        this.fetch = fetch;
        this.reader = reader;
    }

    Discovered discover(String origin, Timeline.Recorder step, Deadline deadline) {
        List<MetadataRelaxation> relaxations = new ArrayList<>(List.of(MetadataRelaxation.Legacy.noResourceMetadata(origin)));
        URI wellKnown = URI.create(origin + "/.well-known/oauth-authorization-server");
        Optional<MetadataFetch.Fetched> fetched = fetch.first(List.of(wellKnown), step, "legacy authorization server metadata",
                deadline);
        if (fetched.isPresent()) {
            AuthorizationServerMetadata claimed = reader.read(fetched.get(), Optional.empty(), relaxations);
            if (claimed.issuer().equals(origin)) {
                return new Discovered(claimed, fetched.get().ttl());
            }
            relaxations.add(MetadataRelaxation.Legacy.issuerReplacedByOrigin(origin, claimed.issuer()));
            return new Discovered(asOrigin(claimed, origin, relaxations), fetched.get().ttl());
        }
        relaxations.add(MetadataRelaxation.Legacy.defaultEndpoints(origin));
        AuthorizationServerMetadata defaults = new AuthorizationServerMetadata(origin, URI.create(origin + "/authorize"),
                URI.create(origin + "/token"), Optional.of(URI.create(origin + "/register")), Optional.empty(),
                Optional.empty(), List.of("S256"), List.of(), List.of(), List.of("authorization_code", "refresh_token"),
                false, false, URI.create(origin), relaxations);
        reader.requireHttps(defaults);
        return new Discovered(defaults, null);
    }

    /**
     * The document under the origin's name. RFC 9207 {@code iss} values would name the claimed issuer,
     * so the promise to send one is dropped rather than compared against a name the server never used.
     */
    private static AuthorizationServerMetadata asOrigin(AuthorizationServerMetadata claimed, String origin,
                                                        List<MetadataRelaxation> relaxations) {
        return new AuthorizationServerMetadata(origin, claimed.authorizationEndpoint(), claimed.tokenEndpoint(),
                claimed.registrationEndpoint(), claimed.revocationEndpoint(), claimed.introspectionEndpoint(),
                claimed.codeChallengeMethodsSupported(), claimed.tokenEndpointAuthMethodsSupported(),
                claimed.scopesSupported(), claimed.grantTypesSupported(), false,
                claimed.clientIdMetadataDocumentSupported(), claimed.fetchedFrom(), relaxations)
                .withDPoPAlgorithms(claimed.dpopSigningAlgValuesSupported());
    }

    /** What legacy discovery found, and how long it may be reused ({@code null}: the configured maximum). */
    record Discovered(AuthorizationServerMetadata metadata, java.time.Duration ttl) {
    }
}
