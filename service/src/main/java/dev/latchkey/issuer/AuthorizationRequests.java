package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks an authorization request in the order that keeps redirects safe: first the client and its exact
 * redirect URI — a failure there is a page, never a redirect — then everything else, whose failures go back
 * to that redirect URI as RFC 6749 errors with {@code state} and {@code iss} (RFC 9207).
 */
final class AuthorizationRequests {

    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final IssuerUrls urls;
    private final McpClients clients;
    private final List<String> offeredScopes;

    AuthorizationRequests(IssuerUrls urls, McpClients clients, List<String> offeredScopes) {
        this.urls = urls;
        this.clients = clients;
        this.offeredScopes = List.copyOf(offeredScopes);
    }

    /** A refusal to send back to the verified redirect URI. */
    static final class Redirected extends RuntimeException {
        private final URI location;

        Redirected(URI location) {
            super("authorization error redirect", null, false, false);
            this.location = location;
        }

        URI location() {
            return location;
        }
    }

    /** The checked request; throws {@link IssuerRefusal.Page} or {@link Redirected}. */
    AuthorizationAsk check(Map<String, List<String>> params) {
        String clientId = single(params, "client_id")
                .orElseThrow(() -> page("The request names no client (client_id)."));
        McpClient client = clients.forAuthorization(clientId);
        String redirectUri = single(params, "redirect_uri")
                .orElseThrow(() -> page("The request names no redirect_uri; it must be one the client registered."));
        if (!client.allowsRedirect(redirectUri)) {
            throw page("The redirect_uri is not one this client registered, so Latchkey will not send you there.");
        }
        Optional<State> state = single(params, "state").map(State::new);
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.parse(params);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            throw redirect(redirectUri, state, error, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw redirect(redirectUri, state, OAuth2Error.INVALID_REQUEST, "The request could not be parsed.");
        }
        if (request.specifiesRequestObject()) {
            throw redirect(redirectUri, state, OAuth2Error.REQUEST_NOT_SUPPORTED,
                    "Request objects (request, request_uri) are not supported; send the parameters themselves.");
        }
        if (!ResponseType.CODE.equals(request.getResponseType())) {
            throw redirect(redirectUri, state, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "Only response_type code.");
        }
        if (request.getCodeChallenge() == null || !CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
            throw redirect(redirectUri, state, OAuth2Error.INVALID_REQUEST,
                    "PKCE is required: code_challenge with code_challenge_method S256 (plain is refused).");
        }
        if (!S256_CHALLENGE.matcher(request.getCodeChallenge().getValue()).matches()) {
            throw redirect(redirectUri, state, OAuth2Error.INVALID_REQUEST,
                    "code_challenge must be the 43-character base64url SHA-256 of the code verifier.");
        }
        List<URI> resources = request.getResources();
        Optional<String> slug = resources != null && resources.size() == 1
                ? urls.slugOf(resources.get(0).toString()) : Optional.empty();
        if (slug.isEmpty()) {
            throw redirect(redirectUri, state, OAuth2Error.INVALID_TARGET,
                    "resource is required: one gateway route, " + urls.issuer() + "/mcp/{server}.");
        }
        return new AuthorizationAsk(client, redirectUri, state, request.getCodeChallenge().getValue(),
                resources.get(0).toString(), slug.get(), scopes(request.getScope(), redirectUri, state),
                request.getPrompt() != null && request.getPrompt().contains(Prompt.Type.NONE));
    }

    private List<String> scopes(Scope requested, String redirectUri, Optional<State> state) {
        if (requested == null || requested.isEmpty()) {
            return offeredScopes;
        }
        List<String> asked = requested.toStringList();
        if (!offeredScopes.containsAll(asked)) {
            throw redirect(redirectUri, state, OAuth2Error.INVALID_SCOPE,
                    "This server offers the scopes " + String.join(" ", offeredScopes) + ".");
        }
        return asked.stream().distinct().toList();
    }

    /** The error redirect for a verified request. */
    Redirected redirect(String redirectUri, Optional<State> state, ErrorObject error, String description) {
        URI location = new AuthorizationErrorResponse(URI.create(redirectUri),
                error.setDescription(IssuerRefusal.legal(description)),
                state.orElse(null), new Issuer(urls.issuer()), ResponseMode.QUERY).toURI();
        return new Redirected(location);
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw page("The request repeats " + name + ".");
        }
        return Optional.of(values.get(0));
    }

    private static IssuerRefusal.Page page(String detail) {
        return new IssuerRefusal.Page(400, "This sign-in request is not valid", detail);
    }
}
