package dev.latchkey.console;

import dev.latchkey.api.ProblemException;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.FormParam;
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
import java.util.Optional;

/** Webhook endpoints and the delivery of each event to them: retry now, disable an endpoint. */
@Path("/console/webhooks")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleDeliveriesResource {

    private final DeliveryRows deliveries;
    private final DeliveryRetrier retrier;
    private final WebhookDisabler disabler;
    private final ConsolePages pages;

    public ConsoleDeliveriesResource(DeliveryRows deliveries, DeliveryRetrier retrier, WebhookDisabler disabler,
                                     ConsolePages pages) {
        this.deliveries = deliveries;
        this.retrier = retrier;
        this.disabler = disabler;
        this.pages = pages;
    }

    @GET
    public ConsolePage webhooks(@Auth Operator operator) {
        return pages.page("webhooks", "Events and deliveries", "webhooks", operator,
                Map.of("webhooks", deliveries.webhooks()));
    }

    @GET
    @Path("/{id}")
    public ConsolePage webhook(@Auth Operator operator, @PathParam("id") String id, @QueryParam("state") String state,
                               @QueryParam("cursor") String cursor, @QueryParam("done") String done) {
        DeliveryRows.WebhookRow webhook = deliveries.webhook(id)
                .orElseThrow(() -> ProblemException.notFound("The webhook endpoint"));
        Optional<String> chosen = FilterText.of(state).filter(DeliveryRows.STATES::contains);
        Page<DeliveryRows.DeliveryRow> page = deliveries.deliveries(id, chosen, cursor,
                ConsoleFlowsResource.PAGE_SIZE);
        Map<String, String> filter = chosen.map(s -> Map.of("state", s)).orElse(Map.of());
        Map<String, Object> model = new HashMap<>();
        model.put("webhook", webhook);
        model.put("deliveries", page.items());
        model.put("state", chosen.orElse(""));
        model.put("states", DeliveryRows.STATES);
        model.put("nextLink", page.nextCursor()
                .map(c -> Links.withCursor("/console/webhooks/" + Links.enc(id), filter, c)).orElse(""));
        model.put("notice", notice(done));
        return pages.page("webhook", "Webhook deliveries", "webhooks", operator, model);
    }

    @POST
    @Path("/{id}/disable")
    public Response disable(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = disabler.disable(id, operator.name());
        return back(id, done ? "disabled" : "unchanged");
    }

    @POST
    @Path("/{id}/deliveries/{delivery}/retry")
    public Response retry(@Auth Operator operator, @PathParam("id") String id, @PathParam("delivery") String delivery,
                          @FormParam("back") String backTo) {
        boolean done = retrier.retryNow(delivery, operator.name());
        if (backTo != null && backTo.matches("/console/flows/[A-Za-z0-9_-]{1,100}")) {
            return Response.seeOther(URI.create(backTo)).build();
        }
        return back(id, done ? "retried" : "unchanged");
    }

    private static Response back(String webhookId, String done) {
        return Response.seeOther(URI.create("/console/webhooks/" + Links.enc(webhookId) + "?done=" + done)).build();
    }

    private static String notice(String done) {
        return switch (done == null ? "" : done) {
            case "retried" -> "The delivery is due now; the delivery worker picks it up on its next pass.";
            case "disabled" -> "The endpoint was disabled: no further events are delivered to it.";
            case "unchanged" -> "Nothing changed.";
            default -> "";
        };
    }
}
