package dev.latchkey.webhook;

import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/** {@code /v1/webhooks}: a tenant's webhooks, their secrets (shown once) and their deliveries. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class WebhooksResource {

    static final long MAX_OVERLAP_SECONDS = Duration.ofDays(7).toSeconds();

    private final Webhooks webhooks;
    private final Deliveries deliveries;

    public WebhooksResource(Webhooks webhooks, Deliveries deliveries) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    /** The body of {@code rotate-secret}: how long the old secret keeps signing (default from config). */
    public record RotateRequest(Long overlapSeconds) {
    }

    @POST
    public Response create(@Auth Caller caller, WebhookRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("invalid_webhook_url", "url is required.");
        }
        return Response.status(201).entity(webhooks.create(caller, request)).build();
    }

    @GET
    public PageView<WebhookView> list(@Auth Caller caller, @QueryParam("cursor") String cursor,
                                      @QueryParam("limit") String limit) {
        int size = QueryParameters.bounded("limit", limit, 50, 1, 200);
        Page<WebhookView> page = webhooks.list(caller.tenant(), cursor, size);
        return PageView.of(page.items(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public WebhookView get(@Auth Caller caller, @PathParam("id") String id) {
        return webhooks.get(caller.tenant(), id);
    }

    @PATCH
    @Path("{id}")
    public WebhookView update(@Auth Caller caller, @PathParam("id") String id, WebhookRequest request) {
        return webhooks.update(caller, id, request == null ? new WebhookRequest(null, null, null) : request);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Auth Caller caller, @PathParam("id") String id) {
        webhooks.delete(caller, id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    public WebhookView rotate(@Auth Caller caller, @PathParam("id") String id, RotateRequest request) {
        Optional<Long> seconds = Optional.ofNullable(request).map(RotateRequest::overlapSeconds);
        if (seconds.isPresent() && (seconds.get() < 0 || seconds.get() > MAX_OVERLAP_SECONDS)) {
            throw ProblemException.badRequest("invalid_overlap",
                    "overlapSeconds must be from 0 to " + MAX_OVERLAP_SECONDS + ".");
        }
        return webhooks.rotate(caller, id, seconds.map(Duration::ofSeconds));
    }

    @GET
    @Path("{id}/deliveries")
    public PageView<DeliveryView> deliveries(@Auth Caller caller, @PathParam("id") String id,
                                          @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        int size = QueryParameters.bounded("limit", limit, 50, 1, 200);
        Page<DeliveryView> page = deliveries.forWebhook(caller.tenant(), id, cursor, size);
        return PageView.of(page.items(), page.nextCursor());
    }
}
