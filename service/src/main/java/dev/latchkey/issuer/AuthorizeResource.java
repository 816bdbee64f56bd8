package dev.latchkey.issuer;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
        return protect(Response.ok()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(MultivaluedMap<String, String> form, @FormParam("decision") String decision,
                           @FormParam("csrf") String csrf, @Context HttpHeaders headers) {
        Map<String, List<String>> params = new HashMap<>(form);
        params.remove("decision");
        params.remove("csrf");
        return answer(authorizations.decide(params, "allow".equals(decision), csrf, headers));
    }

    private static Response answer(Authorizations.Step step) {
        if (step instanceof Authorizations.Step.Redirect redirect) {
            return protect(Response.status(302).location(redirect.location())).build();
        }
        if (step instanceof Authorizations.Step.AskConsent ask) {
            return protect(Response.ok(new ConsentPage(ask.prompt()))).build();
        }
        IssuerRefusal.Page page = ((Authorizations.Step.Refused) step).page();
        return protect(Response.status(page.status()).entity(new IssuerErrorPage(page))).build();
    }

    private static Response.ResponseBuilder protect(Response.ResponseBuilder builder) {
        return builder.type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    }
}
