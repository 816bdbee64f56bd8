package dev.latchkey.issuer;

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

/**
 * The authorization server's back-channel endpoints: token (RFC 6749), revocation (RFC 7009) and dynamic
 * client registration (RFC 7591). Nimbus parses each request; the answers are JSON, never cached.
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
    public Response token(@Context HttpHeaders headers, String body) {
        try {
            TokenRequest request = TokenRequest.parse(NimbusExchange.post(urls.token(), headers, body));
            return NimbusExchange.answer(tokens.answer(request).toHTTPResponse());
        } catch (ParseException e) {
            return NimbusExchange.tokenError(NimbusExchange.parseError(e));
        } catch (IllegalArgumentException e) {
            return NimbusExchange.tokenError(NimbusExchange.unparsable(OAuth2Error.INVALID_REQUEST));
        } catch (IssuerRefusal.OAuth refusal) {
            return NimbusExchange.tokenError(refusal.error());
        }
    }

    @POST
    @Path("oauth/revoke")
    public Response revoke(@Context HttpHeaders headers, String body) {
        try {
            revocations.revoke(TokenRevocationRequest.parse(NimbusExchange.post(urls.revocation(), headers, body)));
            return Response.ok().header("Cache-Control", "no-store").header("Pragma", "no-cache")
                    .header("Access-Control-Allow-Origin", "*").build();
        } catch (ParseException e) {
            return NimbusExchange.tokenError(NimbusExchange.parseError(e));
        } catch (IllegalArgumentException e) {
            return NimbusExchange.tokenError(NimbusExchange.unparsable(OAuth2Error.INVALID_REQUEST));
        } catch (IssuerRefusal.OAuth refusal) {
            return NimbusExchange.tokenError(refusal.error());
        }
    }

    @POST
    @Path("oauth/register")
    public Response register(@Context HttpHeaders headers, String body) {
        try {
            ClientRegistrationRequest request = ClientRegistrationRequest.parse(
                    NimbusExchange.post(urls.registration(), headers, body));
            McpClients.Registered registered = clients.register(request.getClientMetadata());
            return NimbusExchange.answer(
                    new ClientInformationResponse(registered.information(), true).toHTTPResponse());
        } catch (ParseException e) {
            return NimbusExchange.registrationError(NimbusExchange.parseError(e));
        } catch (IllegalArgumentException e) {
            return NimbusExchange.registrationError(NimbusExchange.unparsable(RegistrationError.INVALID_CLIENT_METADATA));
        } catch (IssuerRefusal.OAuth refusal) {
            return NimbusExchange.registrationError(refusal.error());
        }
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
