package dev.latchkey.registration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Serves the Client ID Metadata Document to authorization servers. Public. */
@Path("/oauth/client-metadata.json")
@Produces(MediaType.APPLICATION_JSON)
public final class ClientMetadataResource {

    private final ClientMetadataDocument document;

    public ClientMetadataResource(ClientMetadataDocument document) {
        this.document = document;
    }

    @GET
    public Response document() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        cache.setNoTransform(false);
        return Response.ok(document.json()).cacheControl(cache).build();
    }
}
