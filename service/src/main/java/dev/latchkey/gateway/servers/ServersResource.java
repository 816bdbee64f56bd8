package dev.latchkey.gateway.servers;

import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1/servers}: the upstream MCP servers a tenant has registered for the gateway. */
@Path("/v1/servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ServersResource {

    private final UpstreamServers servers;

    public ServersResource(UpstreamServers servers) {
        this.servers = servers;
    }

    @POST
    public Response create(@Auth Caller caller, ServerRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("invalid_request", "Send a JSON body with url and name.");
        }
        return Response.status(201).entity(servers.register(caller, request.name(), request.url())).build();
    }

    @GET
    public PageView<ServerView> list(@Auth Caller caller, @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") String limitParam) {
        // A String, not an int: Jersey answers an unparsable int parameter with 404.
        int limit = QueryParameters.bounded("limit", limitParam, 50, 1, 200);
        Page<ServerView> page = servers.list(caller, cursor, limit);
        return PageView.of(page.items(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    public ServerView get(@Auth Caller caller, @PathParam("id") String id) {
        return servers.get(caller, id);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@Auth Caller caller, @PathParam("id") String id) {
        servers.delete(caller, id);
        return Response.noContent().build();
    }
}
