package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The authorization server's back-channel endpoints: token (RFC 6749), revocation (RFC 7009) and dynamic
 * client registration (RFC 7591). Nimbus parses each request; the answers are JSON, never cached. Bodies are
 * read as bytes and decoded as UTF-8 (what RFC 6749 and RFC 7591 send), whatever charset the Content-Type
 * names: an unknown one must be a refusal of the request, not a failure of the server.
 */
@Path("/")
public final class TokenEndpointResource {

    private final IssuerUrls urls;
    private final TokenGrants tokens;
    private final Revocations revocations;
    private final McpClients clients;

    TokenEndpointResource(IssuerUrls urls, TokenGrants tokens, Revocations revocations, McpClients clients) {
        this.urls = urls;
        this.tokens = tokens;
        this.revocations = revocations;
        this.clients = clients;
    }

    @POST
    @Path("oauth/token")
    public Response token(@Context HttpHeaders headers, byte[] body) {
        return answered(() -> NimbusExchange.answer(tokens.answer(TokenRequest.parse(
                NimbusExchange.post(urls.token(), headers, utf8(body)))).toHTTPResponse()),
                NimbusExchange::tokenError, OAuth2Error.INVALID_REQUEST);
    }

    @POST
    @Path("oauth/revoke")
    public Response revoke(@Context HttpHeaders headers, byte[] body) {
        return answered(() -> {
            revocations.revoke(TokenRevocationRequest.parse(NimbusExchange.post(urls.revocation(), headers, utf8(body))));
            return Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache")
                    .header("Access-Control-Allow-Origin", "*").build();
        }, NimbusExchange::tokenError, OAuth2Error.INVALID_REQUEST);
    }

    @POST
    @Path("oauth/register")
    public Response register(@Context HttpHeaders headers, byte[] body) {
        return answered(() -> {
            ClientRegistrationRequest request = ClientRegistrationRequest.parse(
                    NimbusExchange.post(urls.registration(), headers, utf8(body)));
            McpClients.Registered registered = clients.register(request.getClientMetadata());
            return NimbusExchange.answer(
                    new ClientInformationResponse(registered.information(), true).toHTTPResponse());
        }, NimbusExchange::registrationError, RegistrationError.INVALID_CLIENT_METADATA);
    }

    /** An endpoint's work, whose refusals become its OAuth error answer ({@code unparsable}: Nimbus gave up). */
    private static Response answered(Exchange work, Function<ErrorObject, Response> error, ErrorObject unparsable) {
        try {
            return work.run();
        } catch (ParseException e) {
            return error.apply(NimbusExchange.parseError(e));
        } catch (IllegalArgumentException e) {
            return error.apply(NimbusExchange.unparsable(unparsable));
        } catch (IssuerRefusal.OAuth refusal) {
            return error.apply(refusal.error());
        }
    }

    private static String utf8(byte[] body) {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** One exchange with Nimbus's parsers, which throw a checked {@link ParseException}. */
    @FunctionalInterface
    private interface Exchange {
        Response run() throws ParseException;
    }

    @OPTIONS
    @Path("oauth/token")
    public Response tokenPreflight() {
        return NimbusExchange.preflight();
    }

    @OPTIONS
    @Path("oauth/revoke")
    public Response revokePreflight() {
        return NimbusExchange.preflight();
    }

    @OPTIONS
    @Path("oauth/register")
    public Response registerPreflight() {
        return NimbusExchange.preflight();
    }
}
