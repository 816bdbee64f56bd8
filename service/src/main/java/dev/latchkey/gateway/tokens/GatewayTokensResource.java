package dev.latchkey.gateway.tokens;

import dev.latchkey.api.PageView;
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
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /v1/gateway-tokens}: a tenant mints gateway tokens for its subjects (the token is in the
 * answer to the mint only), lists them and revokes them.
 */
@Path("/v1/gateway-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GatewayTokensResource {

    private final GatewayTokens tokens;

    public GatewayTokensResource(GatewayTokens tokens) {
        this.tokens = tokens;
    }

    @POST
    public Response mint(@Auth Caller caller, GatewayTokenRequest request) {
        GatewayTokens.Minted minted = tokens.mint(caller, request);
        return Response.status(201).entity(GatewayTokenView.minted(minted, tokens.now())).build();
    }

    @GET
    public PageView<GatewayTokenView> list(@Auth Caller caller, @QueryParam("subject") String subject,
                                    @QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam) {
        // A String, not an int: Jersey answers an unparsable int parameter with 404.
        int limit = QueryParameters.bounded("limit", limitParam, 50, 1, 200);
        Page<GatewayToken> page = tokens.list(caller.tenant(), Optional.ofNullable(subject).filter(s -> !s.isBlank()),
                cursor, limit);
        Instant now = tokens.now();
        return PageView.of(page.items().stream().map(t -> GatewayTokenView.of(t, now)).toList(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    public GatewayTokenView get(@Auth Caller caller, @PathParam("id") String id) {
        return GatewayTokenView.of(tokens.get(caller.tenant(), id), tokens.now());
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@Auth Caller caller, @PathParam("id") String id) {
        tokens.revoke(caller, id);
        return Response.noContent().build();
    }
}
