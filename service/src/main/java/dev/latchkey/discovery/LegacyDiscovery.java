package dev.latchkey.discovery;

import dev.latchkey.flow.Timeline;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 2025-03-26 servers: no protected-resource metadata, the MCP origin acts as the authorization
 * server. Only used when configured, and every leniency is recorded as a relaxation.
 */
final class LegacyDiscovery {

    static final String NO_PRM = "legacy 2025-03-26: no protected-resource metadata, the MCP origin is the authorization server";

    private final MetadataFetch fetch;
    private final AuthorizationServerMetadataReader reader;

    LegacyDiscovery(MetadataFetch fetch, AuthorizationServerMetadataReader reader) {
        this.fetch = fetch;
        this.reader = reader;
    }

    Discovered discover(String origin, Timeline.Recorder step) {
        List<String> relaxations = new ArrayList<>(List.of(NO_PRM));
        URI wellKnown = URI.create(origin + "/.well-known/oauth-authorization-server");
        Optional<MetadataFetch.Fetched> fetched = fetch.first(List.of(wellKnown), step, "legacy authorization server metadata");
        if (fetched.isPresent()) {
            Object issuer = fetched.get().json().get("issuer");
            if (!origin.equals(issuer)) {
                relaxations.add("legacy 2025-03-26: issuer " + issuer + " accepted though the metadata was found at " + origin);
            }
            return new Discovered(reader.read(fetched.get(), Optional.empty(), relaxations), fetched.get().ttl());
        }
        relaxations.add("legacy 2025-03-26: no metadata, default endpoints /authorize, /token, /register and S256 assumed");
        AuthorizationServerMetadata defaults = new AuthorizationServerMetadata(origin, URI.create(origin + "/authorize"),
                URI.create(origin + "/token"), Optional.of(URI.create(origin + "/register")), Optional.empty(),
                Optional.empty(), List.of("S256"), List.of(), List.of(), List.of("authorization_code", "refresh_token"),
                false, false, URI.create(origin), relaxations);
        reader.requireHttps(defaults);
        return new Discovered(defaults, null);
    }

    /** What legacy discovery found, and how long it may be reused ({@code null}: the configured maximum). */
    record Discovered(AuthorizationServerMetadata metadata, java.time.Duration ttl) {
    }
}
