package dev.latchkey.webhook;

import dev.latchkey.auth.Caller;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/deliveries/{id}/retry}: try again now, also after the delivery was given up. */
@Path("/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public final class DeliveriesResource {

    private final Deliveries deliveries;

    public DeliveriesResource(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @POST
    @Path("{id}/retry")
    public DeliveryView retry(@Auth Caller caller, @PathParam("id") String id) {
        return deliveries.retry(caller, id);
    }
}
