package dev.latchkey.connection;

import dev.latchkey.api.PageView;
import dev.latchkey.api.ProblemException;
import dev.latchkey.api.QueryParameters;
import dev.latchkey.auth.Caller;
import dev.latchkey.protocol.ResourceUris;
import dev.latchkey.store.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Optional;

/** {@code /v1/connections}: what a tenant's subjects are connected to, fresh tokens, disconnect. */
@Path("/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
public final class ConnectionResource {

    private final ConnectionService connections;

    public ConnectionResource(ConnectionService connections) {
        this.connections = connections;
    }

    @GET
    public PageView<ConnectionView> list(@Auth Caller caller, @QueryParam("subject") String subject,
                                    @QueryParam("serverUrl") String serverUrl, @QueryParam("status") String status,
                                    @QueryParam("cursor") String cursor,
                                    @QueryParam("limit") String limitParam) {
        // A String, not an int: Jersey answers an unparsable int parameter with 404.
        int limit = QueryParameters.bounded("limit", limitParam, 50, 1, 200);
        Page<Connection> page = connections.list(caller, Optional.ofNullable(subject),
                Optional.ofNullable(serverUrl).map(ConnectionResource::resourceOf), parseStatus(status), cursor, limit);
        return PageView.of(page.items().stream().map(ConnectionView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    public ConnectionView get(@Auth Caller caller, @PathParam("id") String id) {
        return ConnectionView.of(connections.get(caller, id));
    }

    @DELETE
    @Path("/{id}")
    public ConnectionView disconnect(@Auth Caller caller, @PathParam("id") String id) {
        return ConnectionView.of(connections.disconnect(caller, id));
    }

    @POST
    @Path("/{id}/token")
    public AccessTokenView token(@Auth Caller caller, @PathParam("id") String id) {
        return connections.token(caller, id);
    }

    static String resourceOf(String serverUrl) {
        try {
            URI url = URI.create(serverUrl.trim());
            // a scheme-relative "//host/path" has a host but no scheme
            if (url.getHost() == null || url.getScheme() == null || !(url.getScheme().equalsIgnoreCase("https")
                    || url.getScheme().equalsIgnoreCase("http"))) {
                throw new IllegalArgumentException();
            }
            return ResourceUris.canonical(url);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_request", "serverUrl must be an absolute http(s) URL.");
        }
    }

    private static Optional<ConnectionStatus> parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConnectionStatus.fromCode(status));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_status",
                    "status must be one of active, reauthorization_required, revoked.");
        }
    }
}
