package dev.latchkey.discovery;

import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;
import java.util.List;

/** Where an issuer's metadata may be, in the order MCP 2025-11-25 and 2026-07-28 prescribe. */
final class AuthorizationServerLocations {

    private AuthorizationServerLocations() {
    }

    static List<URI> of(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw Failure.upstream("discovery_failed", "the authorization server identifier is not a URL");
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw Failure.upstream("discovery_failed", "the authorization server identifier is not an absolute URL "
                    + "without query and fragment");
        }
        String origin = ResourceUris.origin(uri);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        // One trailing slash is dropped only to build the URL; the issuer itself is compared unchanged.
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return List.of(URI.create(origin + "/.well-known/oauth-authorization-server"),
                    URI.create(origin + "/.well-known/openid-configuration"));
        }
        return List.of(URI.create(origin + "/.well-known/oauth-authorization-server" + path),
                URI.create(origin + "/.well-known/openid-configuration" + path),
                URI.create(origin + path + "/.well-known/openid-configuration"));
    }
}
