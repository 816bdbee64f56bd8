package dev.latchkey.flow;

import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import dev.latchkey.flow.store.FlowStatus;
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
    private final ConnectionOrFlow flows;
    private final FlowService queries;

    /** {@code flows} starts flows within each tenant's flow-start limit, or finds the pending one to reuse. */
    public FlowResource(FlowRequests requests, ConnectionOrFlow flows, FlowService queries) {
        this.requests = requests;
        this.flows = flows;
        this.queries = queries;
    }

    /** 201 with a new flow; 200 with the subject's pending flow for the same server, scopes and context. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@Auth Caller caller, StartFlowRequest body) {
        FlowRequests.Valid valid = requests.validate(body);
        Optional<FlowStarter.Started> pending = flows.pending(caller, valid);
        FlowStarter.Started started = pending.orElseGet(() -> flows.startFlow(caller, valid));
        FlowView view = FlowView.of(started.flow(), started.authorizationUrl(), started.event().notice(), null);
        URI location = URI.create("/v1/flows/" + started.flow().id());
        return (pending.isPresent() ? Response.ok().location(location) : Response.created(location))
                .entity(view).build();
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
