package dev.latchkey.console;

import dev.latchkey.api.ProblemException;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Flows: the filtered list, one flow's timeline with its events and deliveries, and cancelling. */
@Path("/console/flows")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleFlowsResource {

    static final int PAGE_SIZE = 50;

    private final FlowQueries flows;
    private final DeliveryRows deliveries;
    private final FlowCanceller canceller;
    private final ConsolePages pages;

    public ConsoleFlowsResource(FlowQueries flows, DeliveryRows deliveries, FlowCanceller canceller,
                                ConsolePages pages) {
        this.flows = flows;
        this.deliveries = deliveries;
        this.canceller = canceller;
        this.pages = pages;
    }

    @GET
    public ConsolePage list(@Auth Operator operator, @QueryParam("status") String status,
                            @QueryParam("tenant") String tenant, @QueryParam("subject") String subject,
                            @QueryParam("server") String server, @QueryParam("issuer") String issuer,
                            @QueryParam("client") String client, @QueryParam("age") String age,
                            @QueryParam("cursor") String cursor) {
        FlowFilter filter = FlowFilter.of(status, tenant, subject, server, issuer, client, age);
        Page<FlowRow> page = flows.list(filter, cursor, PAGE_SIZE);
        Map<String, Object> model = Links.listModel("/console/flows", filter.asParams(), page.nextCursor());
        model.put("flows", page.items());
        model.put("statuses", FlowFilter.STATUSES);
        model.put("ages", FlowFilter.AGES);
        model.put("firstLink", cursor == null || cursor.isBlank() ? "" : Links.to("/console/flows", filter.asParams()));
        return pages.page("flows", "Flows", "flows", operator, model);
    }

    @GET
    @Path("/{id}")
    public ConsolePage detail(@Auth Operator operator, @PathParam("id") String id, @QueryParam("done") String done) {
        FlowRow flow = flows.find(id).orElseThrow(() -> ProblemException.notFound("The flow"));
        Map<String, Object> model = new HashMap<>();
        model.put("flow", flow);
        model.put("steps", flows.steps(id));
        model.put("events", flows.events(id));
        model.put("deliveries", deliveries.forFlow(id));
        model.put("notice", notice(done));
        return pages.page("flow", "Flow " + id, "flows", operator, model);
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = canceller.cancel(id, operator.name());
        return Response.seeOther(URI.create("/console/flows/" + Links.enc(id) + "?done="
                + (done ? "cancelled" : "not_pending"))).build();
    }

    private static String notice(String done) {
        if ("cancelled".equals(done)) {
            return "The flow was cancelled.";
        }
        if ("not_pending".equals(done)) {
            return "Nothing changed: the flow was no longer pending.";
        }
        return "";
    }
}
