package dev.latchkey.demo;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The demo's authorization server, for the {@code demo} command only: RFC 8414 metadata, RFC 7591
 * registration, authorization code with PKCE S256 and RFC 9207 {@code iss}, refresh with rotation,
 * revocation. Whoever signs in on its page is who they say they are: it stands in for a real identity
 * provider and says so on every page.
 */
final class DemoAuthorizationServer extends HttpServlet {

    static final Scope SCOPE = new Scope("demo.read");
    private static final long MAX_BODY = 16 * 1024;

    private final URI origin;
    private final DemoGrants grants;

    DemoAuthorizationServer(URI origin, DemoGrants grants) {
        this.origin = origin;
        this.grants = grants;
    }

    Issuer issuer() {
        return new Issuer(origin);
    }

    AuthorizationServerMetadata metadata() {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(issuer());
        metadata.setAuthorizationEndpointURI(origin.resolve("/authorize"));
        metadata.setTokenEndpointURI(origin.resolve("/token"));
        metadata.setRegistrationEndpointURI(origin.resolve("/register"));
        metadata.setRevocationEndpointURI(origin.resolve("/revoke"));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.NONE));
        metadata.setScopes(SCOPE);
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        return metadata;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case "/.well-known/oauth-authorization-server" -> DemoPeer.json(response, 200,
                    metadata().toJSONObject().toJSONString());
            case "/authorize" -> askUser(request, response);
            default -> response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case "/register" -> register(request, response);
            case "/authorize" -> userAnswered(request, response);
            case "/token" -> token(request, response);
            case "/revoke" -> {
                grants.revoke(request.getParameter("token"));
                response.setStatus(200);
            }
            default -> response.sendError(404);
        }
    }

    private void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            ClientRegistrationRequest registration = ClientRegistrationRequest.parse(
                    JakartaServletUtils.createHTTPRequest(request, MAX_BODY));
            List<URI> redirectUris = List.copyOf(registration.getClientMetadata().getRedirectionURIs());
            DemoGrants.Client client = grants.register(redirectUris);
            registration.getClientMetadata().setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
            reply(response, new ClientInformationResponse(new ClientInformation(new ClientID(client.id()), new Date(),
                    registration.getClientMetadata(), null), true).toHTTPResponse());
        } catch (ParseException | RuntimeException e) {
            reply(response, new ClientRegistrationErrorResponse(RegistrationError.INVALID_CLIENT_METADATA
                    .setDescription("redirect_uris are required")).toHTTPResponse());
        }
    }

    /** Checks the request; a bad client or redirect URI gets a page, never a redirect. */
    private void askUser(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthorizationRequest authorization;
        try {
            authorization = AuthorizationRequest.parse(URI.create(request.getRequestURL() + "?"
                    + Optional.ofNullable(request.getQueryString()).orElse("")));
        } catch (ParseException e) {
            DemoSignInPage.error(response, "This is not an authorization request the demo understands.");
            return;
        }
        Optional<DemoGrants.Client> client = grants.client(authorization.getClientID().getValue());
        if (client.isEmpty() || !client.get().redirectUris().contains(authorization.getRedirectionURI())) {
            DemoSignInPage.error(response, "Unknown client or redirect URI.");
            return;
        }
        if (!ResponseType.CODE.equals(authorization.getResponseType()) || authorization.getCodeChallenge() == null
                || !CodeChallengeMethod.S256.equals(authorization.getCodeChallengeMethod())) {
            redirectError(response, authorization, OAuth2Error.INVALID_REQUEST.setDescription(
                    "response_type code with a PKCE S256 code_challenge is required"));
            return;
        }
        DemoSignInPage.render(response, grants.awaitUser(authorization), authorization);
    }

    private void userAnswered(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<AuthorizationRequest> waiting = grants.answered(request.getParameter("request"));
        if (waiting.isEmpty()) {
            DemoSignInPage.error(response, "This sign-in was already answered or never asked. Start again.");
            return;
        }
        AuthorizationRequest authorization = waiting.get();
        String user = Optional.ofNullable(request.getParameter("user")).map(String::strip).orElse("");
        if (!"allow".equals(request.getParameter("decision")) || user.isEmpty() || user.length() > 64) {
            redirectError(response, authorization, OAuth2Error.ACCESS_DENIED);
            return;
        }
        URI back = new AuthorizationSuccessResponse(authorization.getRedirectionURI(),
                grants.issueCode(authorization, user), null, authorization.getState(), issuer(), null).toURI();
        response.sendRedirect(back.toString());
    }

    private void token(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenRequest token;
        try {
            token = TokenRequest.parse(JakartaServletUtils.createHTTPRequest(request, MAX_BODY));
        } catch (ParseException e) {
            reply(response, new TokenErrorResponse(OAuth2Error.INVALID_REQUEST).toHTTPResponse());
            return;
        }
        AuthorizationGrant grant = token.getAuthorizationGrant();
        String clientId = token.getClientID() == null ? null : token.getClientID().getValue();
        Optional<DemoGrants.Grant> granted = Optional.empty();
        if (grant instanceof AuthorizationCodeGrant code) {
            granted = grants.redeem(code.getAuthorizationCode(), clientId, code.getRedirectionURI(),
                    code.getCodeVerifier());
        } else if (grant instanceof RefreshTokenGrant refresh) {
            granted = grants.useRefreshToken(refresh.getRefreshToken().getValue());
        }
        reply(response, granted.map(g -> new AccessTokenResponse(grants.issueTokens(g)).toHTTPResponse())
                .orElseGet(() -> new TokenErrorResponse(OAuth2Error.INVALID_GRANT).toHTTPResponse()));
    }

    private void redirectError(HttpServletResponse response, AuthorizationRequest authorization, ErrorObject error)
            throws IOException {
        response.sendRedirect(new AuthorizationErrorResponse(authorization.getRedirectionURI(), error,
                authorization.getState(), issuer(), null).toURI().toString());
    }

    private static void reply(HttpServletResponse response, HTTPResponse answer) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        JakartaServletUtils.applyHTTPResponse(answer, response);
    }
}
