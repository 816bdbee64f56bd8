package dev.latchkey.protocol;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** RFC 9728 protected-resource metadata, as far as Latchkey uses it. */
public record ProtectedResourceMetadata(String resource, List<String> authorizationServers, List<String> scopesSupported,
                                        URI fetchedFrom) {

    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        Objects.requireNonNull(fetchedFrom, "fetchedFrom");
    }
}
