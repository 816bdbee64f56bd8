package dev.latchkey.issuer;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The authorization server's public documents: RFC 8414 metadata and the JWKS of its access token keys. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthorizationServerResource {

    private final String metadata;
    private final AccessTokenKeys keys;

    AuthorizationServerResource(String metadata, AccessTokenKeys keys) {
        this.metadata = metadata;
        this.keys = keys;
    }

    @GET
    @Path(".well-known/oauth-authorization-server")
    public Response metadata() {
        return Response.ok(metadata, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "max-age=300")
                .header("Access-Control-Allow-Origin", "*").build();
    }

    @GET
    @Path("oauth/jwks")
    public Response jwks() {
        String publicKeys = JSONObjectUtils.toJSONString(keys.publicKeys().toJSONObject(true));
        return Response.ok(publicKeys, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "max-age=300")
                .header("Access-Control-Allow-Origin", "*").build();
    }
}
