package dev.latchkey.flow;

import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import dev.latchkey.flow.store.FlowStatus;
import dev.latchkey.limits.TenantConcurrency;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/** {@code /v1/flows}: start, read, list and cancel authorization flows. */
@Path("/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
public final class FlowResource {

    private final FlowRequests requests;
    private final FlowStarter starter;
    private final FlowService queries;
    private final TenantConcurrency starts;

    /** {@code starts} bounds each tenant's flow starts in progress (discovery and registration can be slow). */
    public FlowResource(FlowRequests requests, FlowStarter starter, FlowService queries, TenantConcurrency starts) {
        this.requests = requests;
        this.starter = starter;
        this.queries = queries;
        this.starts = starts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Auth Caller caller, StartFlowRequest body) {
        FlowRequests.Valid valid = requests.validate(body);
        FlowStarter.Started started;
        try (TenantConcurrency.Permit permit = starts.enter(caller.tenant())) {
            started = starter.start(caller, valid);
        }
        FlowView view = FlowView.of(started.flow(), started.authorizationUrl(), started.event().notice(), null);
        return Response.created(URI.create("/v1/flows/" + started.flow().id())).entity(view).build();
    }

    @GET
    @Path("/{id}")
    public FlowView get(@Auth Caller caller, @PathParam("id") String id) {
        return queries.get(caller, id);
    }

    @GET
    public PageView<FlowView> list(@Auth Caller caller, @QueryParam("status") String status,
                                    @QueryParam("subject") String subject, @QueryParam("serverId") String serverId,
                                    @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") String limitParam) {
        // A String, not an int: Jersey answers an unparsable int parameter with 404.
        int limit = QueryParameters.bounded("limit", limitParam, 50, 1, 200);
        Page<FlowView> page = queries.list(caller, parseStatus(status), Optional.ofNullable(subject),
                Optional.ofNullable(serverId), cursor, limit);
        return PageView.of(page.items(), page.nextCursor());
    }

    @POST
    @Path("/{id}/cancel")
    public FlowView cancel(@Auth Caller caller, @PathParam("id") String id) {
        return queries.cancel(caller, id, "api key lk_" + caller.keyPrefix());
    }

    private static Optional<FlowStatus> parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(FlowStatus.fromCode(status));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_status",
                    "status must be one of pending, authorized, failed, expired, cancelled.");
        }
    }
}
