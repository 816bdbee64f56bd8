package dev.latchkey.issuer;

import dev.latchkey.gateway.GatewayRoutes;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the authorization server lives: its issuer is {@code publicBaseUrl} without a trailing slash, its
 * endpoints sit under {@code /oauth/}, and the resources it issues tokens for are the gateway routes
 * {@code {issuer}/mcp/{slug}} (RFC 8707), compared as exact strings.
 */
public final class IssuerUrls {

    private final String issuer;
    private final GatewayRoutes routes;

    public IssuerUrls(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.endsWith("/")) {
            throw new IllegalArgumentException("the issuer has no trailing slash");
        }
        this.issuer = issuer;
        this.routes = new GatewayRoutes(URI.create(issuer));
    }

    public String issuer() {
        return issuer;
    }

    public static IssuerUrls of(URI publicBaseUrl) {
        String base = publicBaseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new IssuerUrls(base);
    }

    public URI metadata() {
        return URI.create(issuer + "/.well-known/oauth-authorization-server");
    }

    public URI authorization() {
        return URI.create(issuer + "/oauth/authorize");
    }

    public URI token() {
        return URI.create(issuer + "/oauth/token");
    }

    public URI registration() {
        return URI.create(issuer + "/oauth/register");
    }

    public URI revocation() {
        return URI.create(issuer + "/oauth/revoke");
    }

    public URI jwks() {
        return URI.create(issuer + "/oauth/jwks");
    }

    /** The resource (and access token audience) of the gateway route {@code slug}. */
    public String resource(String slug) {
        return routes.resource(slug);
    }

    /** The slug of a resource that is exactly one of this issuer's gateway routes. */
    public Optional<String> slugOf(String resource) {
        return routes.slugOf(resource);
    }
}
