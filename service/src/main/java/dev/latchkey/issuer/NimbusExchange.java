package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Between JAX-RS and Nimbus: a POST as Nimbus's {@link HTTPRequest}, so the SDK parses the protocol messages
 * (token, revocation, registration requests and their client authentication), and Nimbus's
 * {@link HTTPResponse} back as a JAX-RS answer — always with {@code Cache-Control: no-store} and
 * {@code Pragma: no-cache}, and with a {@code WWW-Authenticate} challenge on 401. Browser-based MCP clients
 * may call these endpoints from any origin: they carry no cookie, so {@code Access-Control-Allow-Origin: *}
 * lends them nothing.
 */
final class NimbusExchange {

    /** Set on every answer below; Nimbus sets some of them too, and each is sent once. */
    private static final Set<String> SET_BELOW = Set.of("cache-control", "pragma", "access-control-allow-origin");

    private NimbusExchange() {
    }

    static HTTPRequest post(URI endpoint, HttpHeaders headers, String body) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            try {
                request.setContentType(type);
            } catch (ParseException e) {
                // Left unset: the SDK's parser then refuses the request as invalid_request.
            }
        }
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            request.setAuthorization(authorization);
        }
        request.setBody(body == null ? "" : body);
        return request;
    }

    static Response answer(HTTPResponse response) {
        Response.ResponseBuilder builder = Response.status(response.getStatusCode());
        for (Map.Entry<String, List<String>> header : response.getHeaderMap().entrySet()) {
            if (!SET_BELOW.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> builder.header(header.getKey(), value));
            }
        }
        builder.header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .header("Access-Control-Allow-Origin", "*");
        if (response.getStatusCode() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"latchkey\"");
        }
        String body = response.getBody();
        return builder.entity(body == null ? "" : body).build();
    }

    /** The answer to a CORS preflight of a back-channel POST. */
    static Response preflight() {
        return Response.noContent().header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                .header("Access-Control-Max-Age", "600").build();
    }

    /** An RFC 6749 §5.2 error (token and revocation endpoints). */
    static Response tokenError(ErrorObject error) {
        return answer(new TokenErrorResponse(withStatus(error)).toHTTPResponse());
    }

    /** An RFC 7591 §3.2.2 error (registration endpoint). */
    static Response registrationError(ErrorObject error) {
        return answer(new ClientRegistrationErrorResponse(withStatus(error)).toHTTPResponse());
    }

    /** An error the SDK parsed without a status (or none at all) is a 400 invalid_request. */
    static ErrorObject parseError(ParseException e) {
        ErrorObject error = e.getErrorObject() != null ? e.getErrorObject()
                : OAuth2Error.INVALID_REQUEST;
        return withStatus(error).setDescription(IssuerRefusal.legal(e.getMessage()));
    }

    /** The SDK refused input with an unchecked exception: its message is not shown. */
    static ErrorObject unparsable(ErrorObject error) {
        return withStatus(error).setDescription("The request could not be parsed.");
    }

    private static ErrorObject withStatus(ErrorObject error) {
        return error.getHTTPStatusCode() == 0 ? error.setHTTPStatusCode(400) : error;
    }
}
