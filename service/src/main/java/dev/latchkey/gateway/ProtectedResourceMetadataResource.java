package dev.latchkey.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * RFC 9728 protected resource metadata for every gateway route, published when Latchkey is the
 * authorization server of its gateway: an MCP client that met a route's 401 learns here that Latchkey
 * issues its tokens. Published for any well-formed slug, whether or not a tenant has such a server: the
 * route's 401 comes before the slug is looked up too, so neither says which servers exist.
 */
@Path("/.well-known/oauth-protected-resource/mcp")
public final class ProtectedResourceMetadataResource {

    /** The metadata document; only the fields an MCP client reads, and bearer tokens in the header only. */
    record Metadata(@JsonProperty("resource") String resource,
                    @JsonProperty("authorization_servers") List<String> authorizationServers,
                    @JsonProperty("scopes_supported") List<String> scopesSupported,
                    @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
                    @JsonProperty("resource_name") String resourceName) {
    }

    private final GatewayRoutes routes;
    private final List<String> scopes;

    public ProtectedResourceMetadataResource(GatewayRoutes routes, List<String> scopes) {
        this.routes = routes;
        this.scopes = List.copyOf(scopes);
    }

    @GET
    @Path("{slug}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata(@PathParam("slug") String slug) {
        if (!GatewayRoutes.isSlug(slug)) {
            return Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(new NotFound("not_found", "No gateway route has that name.")).build();
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new Metadata(routes.resource(slug), List.of(routes.issuer()), scopes, List.of("header"),
                "Latchkey gateway: " + slug)).cacheControl(cache).build();
    }

    record NotFound(@JsonProperty("error") String error, @JsonProperty("error_description") String description) {
    }
}
