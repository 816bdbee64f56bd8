package dev.latchkey.gateway;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public addresses of the gateway's routes: the resource an MCP client names for {@code /mcp/{slug}}
 * (RFC 8707, RFC 9728) and where that resource's protected resource metadata is published.
 */
public final class GatewayRoutes {

    /** What a server slug may look like in a route: the one rule for the gateway and its authorization server. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

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

    /** Whether {@code slug} is a well-formed server slug of a route. */
    public static boolean isSlug(String slug) {
        return slug != null && SLUG.matcher(slug).matches();
    }

    /** The slug of a resource that is exactly one of the gateway's routes. */
    public Optional<String> slugOf(String resource) {
        String lead = base + "/mcp/";
        if (resource == null || !resource.startsWith(lead)) {
            return Optional.empty();
        }
        String slug = resource.substring(lead.length());
        return isSlug(slug) ? Optional.of(slug) : Optional.empty();
    }

    /** Latchkey's own issuer identifier: the public base URL without a trailing slash. */
    public String issuer() {
        return base;
    }
}
