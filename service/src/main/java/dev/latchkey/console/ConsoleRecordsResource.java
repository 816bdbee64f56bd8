package dev.latchkey.console;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Registered clients and connections: lists, deleting a client, revoking a connection. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleRecordsResource {

    private final ClientQueries clients;
    private final ConnectionQueries connections;
    private final ClientDeleter clientDeleter;
    private final ConnectionRevoker revoker;
    private final ConsolePages pages;

    public ConsoleRecordsResource(ClientQueries clients, ConnectionQueries connections, ClientDeleter clientDeleter,
                                  ConnectionRevoker revoker, ConsolePages pages) {
        this.clients = clients;
        this.connections = connections;
        this.clientDeleter = clientDeleter;
        this.revoker = revoker;
        this.pages = pages;
    }

    @GET
    @Path("/clients")
    public ConsolePage clients(@Auth Operator operator, @QueryParam("cursor") String cursor,
                               @QueryParam("done") String done) {
        Page<ClientQueries.ClientRow> page = clients.list(cursor, ConsoleFlowsResource.PAGE_SIZE);
        Map<String, Object> model = new HashMap<>();
        model.put("clients", page.items());
        model.put("nextLink", page.nextCursor().map(c -> Links.withCursor("/console/clients", Map.of(), c)).orElse(""));
        model.put("notice", "deleted".equals(done) ? "The registered client was deleted; the next flow registers anew."
                : "gone".equals(done) ? "Nothing changed: that client no longer exists." : "");
        return pages.page("clients", "Registered clients", "clients", operator, model);
    }

    @POST
    @Path("/clients/{id}/delete")
    public Response deleteClient(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = clientDeleter.delete(id, operator.name());
        return Response.seeOther(URI.create("/console/clients?done=" + (done ? "deleted" : "gone"))).build();
    }

    @GET
    @Path("/connections")
    public ConsolePage connections(@Auth Operator operator, @QueryParam("tenant") String tenant,
                                   @QueryParam("subject") String subject, @QueryParam("status") String status,
                                   @QueryParam("cursor") String cursor, @QueryParam("done") String done) {
        Map<String, String> filter = new LinkedHashMap<>();
        FilterText.of(tenant).ifPresent(v -> filter.put("tenant", v));
        FilterText.of(subject).ifPresent(v -> filter.put("subject", v));
        FilterText.of(status).filter(ConnectionQueries.STATUSES::contains).ifPresent(v -> filter.put("status", v));
        Page<ConnectionQueries.ConnectionRow> page = connections.list(Optional.ofNullable(filter.get("tenant")),
                Optional.ofNullable(filter.get("subject")), Optional.ofNullable(filter.get("status")), cursor,
                ConsoleFlowsResource.PAGE_SIZE);
        Map<String, Object> model = Links.listModel("/console/connections", filter, page.nextCursor());
        model.put("connections", page.items());
        model.put("statuses", ConnectionQueries.STATUSES);
        model.put("notice", "revoked".equals(done) ? "The connection was revoked."
                : "unchanged".equals(done) ? "Nothing changed: the connection was already revoked or is gone." : "");
        return pages.page("connections", "Connections", "connections", operator, model);
    }

    @POST
    @Path("/connections/{id}/revoke")
    public Response revoke(@Auth Operator operator, @PathParam("id") String id) {
        boolean done = revoker.revoke(id, operator.name());
        return Response.seeOther(URI.create("/console/connections?done=" + (done ? "revoked" : "unchanged"))).build();
    }
}
