package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization endpoint, a page a person's browser opens: it signs the user in (through the sign-in
 * pages), asks for consent, and sends the browser back to the client with a code or an error. Its pages are
 * never framed, never cached, and answer HTML whatever the Accept header says.
 */
@Path("/oauth/authorize")
public final class AuthorizeResource {

    private final Authorizations authorizations;

    AuthorizeResource(Authorizations authorizations) {
        this.authorizations = authorizations;
    }

    @GET
    public Response authorize(@Context UriInfo uri, @Context HttpHeaders headers) {
        String query = uri.getRequestUri().getRawQuery();
        String pathAndQuery = "/oauth/authorize" + (query == null ? "" : "?" + query);
        return answer(authorizations.authorize(uri.getQueryParameters(), pathAndQuery, headers));
    }

    /**
     * Without this, JAX-RS answers HEAD by running {@link #authorize} and dropping the body: a link checker
     * with the user's cookie would mint a code. A HEAD learns nothing and changes nothing.
     */
    @HEAD
    public Response authorizeHead() {
        return UserPageHeaders.protect(Response.ok()).build();
    }

    /**
     * The consent form. Its body is read as bytes and parsed as UTF-8 by Nimbus, whatever charset the
     * Content-Type names: an unknown one is a form that does not verify, not a failure of the server.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(byte[] body, @Context HttpHeaders headers) {
        Map<String, List<String>> params = new HashMap<>(URLUtils.parseParameters(
                body == null ? "" : new String(body, StandardCharsets.UTF_8)));
        String decision = first(params.remove("decision"));
        String csrf = first(params.remove("csrf"));
        return answer(authorizations.decide(params, "allow".equals(decision), csrf, headers));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Response answer(Authorizations.Step step) {
        if (step instanceof Authorizations.Step.Redirect redirect) {
            return UserPageHeaders.protect(Response.status(302).location(redirect.location())).build();
        }
        if (step instanceof Authorizations.Step.AskConsent ask) {
            return UserPageHeaders.protect(Response.ok(new ConsentPage(ask.prompt()))).build();
        }
        IssuerRefusal.Page page = ((Authorizations.Step.Refused) step).page();
        return UserPageHeaders.protect(Response.status(page.status()).entity(new IssuerErrorPage(page))).build();
    }
}
