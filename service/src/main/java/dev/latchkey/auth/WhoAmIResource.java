package dev.latchkey.auth;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Who the presented key belongs to; also the cheapest authenticated call, a baseline for load tests. */
@Path("/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
public final class WhoAmIResource {

    @GET
    public Map<String, String> whoami(@Auth Caller caller) {
        return Map.of("tenant", caller.tenant(), "keyPrefix", "lk_" + caller.keyPrefix());
    }
}
