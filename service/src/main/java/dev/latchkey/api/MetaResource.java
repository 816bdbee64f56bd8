package dev.latchkey.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What is running: product, version and build time. Public. */
@Path("/v1/meta")
@Produces(MediaType.APPLICATION_JSON)
public final class MetaResource {

    private final BuildInfo build;

    public MetaResource(BuildInfo build) {
        this.build = build;
    }

    @GET
    public BuildInfo meta() {
        return build;
    }
}
