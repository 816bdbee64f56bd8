package dev.latchkey.gateway;

import java.net.URI;

/**
 * The public addresses of the gateway's routes: the resource an MCP client names for {@code /mcp/{slug}}
 * (RFC 8707, RFC 9728) and where that resource's protected resource metadata is published.
 */
public final class GatewayRoutes {

    private final String base;

    public GatewayRoutes(URI publicBaseUrl) {
        String url = publicBaseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The resource identifier of a route: {@code {publicBaseUrl}/mcp/{slug}}, also the access token's audience. */
    public String resource(String slug) {
        return base + "/mcp/" + slug;
    }

    /** RFC 9728 §3.1: the well-known name inserted between the host and the resource's path. */
    public String resourceMetadata(String slug) {
        return base + "/.well-known/oauth-protected-resource/mcp/" + slug;
    }

    /** Latchkey's own issuer identifier: the public base URL without a trailing slash. */
    public String issuer() {
        return base;
    }
}
