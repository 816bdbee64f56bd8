package dev.latchkey.auth;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Who the presented key belongs to; also the cheapest authenticated call, a baseline for load tests. */
@Path("/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
public final class WhoAmIResource {

    /** The caller: its tenant and the public prefix of its key ({@code lk_…}). */
    public record WhoAmI(String tenant, String keyPrefix) {
    }

    @GET
    public WhoAmI whoami(@Auth Caller caller) {
        return new WhoAmI(caller.tenant(), "lk_" + caller.keyPrefix());
    }
}
