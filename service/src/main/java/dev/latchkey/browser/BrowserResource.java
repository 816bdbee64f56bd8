package dev.latchkey.browser;

import dev.latchkey.flow.CallbackParameters;
import dev.latchkey.flow.CallbackProcessor;
import dev.latchkey.flow.CallbackResult;
import dev.latchkey.flow.Landing;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.registration.RedirectUris;
import dev.latchkey.signin.SignedInUser;
import dev.latchkey.tenant.TenantNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * The two pages a user's browser visits: the landing link and the OAuth callback. They answer HTML
 * whatever the Accept header says (no {@code @Produces}, so no 406): a person is reading.
 */
@Path("/")
public final class BrowserResource {

    private final Landing landing;
    private final CallbackProcessor callbacks;
    private final BindingCookie cookie;
    private final TenantNames tenants;
    private final Optional<PersonalLinks> personal;

    /** @param personal present when users sign in through identity providers: links then check who opens them */
    public BrowserResource(Landing landing, CallbackProcessor callbacks, BindingCookie cookie, TenantNames tenants,
                           Optional<PersonalLinks> personal) {
        this.landing = landing;
        this.callbacks = callbacks;
        this.cookie = cookie;
        this.tenants = tenants;
        this.personal = personal;
    }

    /**
     * The landing link. A link unfurler, crawler or prefetch gets a neutral page and changes
     * nothing: opening the link binds the flow to the browser that opens it, and that must be the
     * person's, not a chat's preview service.
     */
    @GET
    @Path("connect/{link}")
    public Response connect(@PathParam("link") String link, @Context HttpHeaders headers,
                            @HeaderParam("Sec-Purpose") String secPurpose, @HeaderParam("Purpose") String purpose,
                            @HeaderParam("X-Purpose") String xPurpose, @HeaderParam("X-Moz") String xMoz) {
        if (LinkPreviews.isPreview(headers.getHeaderString(HttpHeaders.USER_AGENT), secPurpose, purpose, xPurpose,
                xMoz)) {
            return noStore(Response.ok(new LinkPreviewPage())).build();
        }
        Optional<SignedInUser> user = personal.flatMap(p -> p.signIn().current(headers));
        Optional<Flow> flow = landing.find(link);
        if (personal.isPresent() && flow.filter(Flow::isPending).isPresent()) {
            Flow pending = flow.get();
            boolean sameTenant = user.filter(u -> u.tenant().equals(pending.tenant())).isPresent();
            if (sameTenant && !user.get().subject().equals(pending.subject())) {
                return landingPage(landing.refuseOtherUser(pending), "");
            }
            if (!sameTenant && personal.get().signsInHere().test(pending.tenant(), pending.subject())) {
                // The link is for a person who signs in here: that person, signed in, must open it.
                return noStore(Response.seeOther(personal.get().signIn().signInLocation("/connect/" + link))).build();
            }
        }
        Landing.Outcome outcome = landing.open(flow, binding(headers));
        String signedInAs = user.filter(u -> outcome.flow().filter(f -> f.tenant().equals(u.tenant())
                && f.subject().equals(u.subject())).isPresent()).map(SignedInUser::displayName).orElse("");
        return landingPage(outcome, signedInAs);
    }

    private Response landingPage(Landing.Outcome outcome, String signedInAs) {
        Response.ResponseBuilder response = Response.status(outcome.refusal().isPresent() ? statusFor(outcome) : 200)
                .entity(new LandingPage(outcome, outcome.flow().map(flow -> tenants.displayName(flow.tenant()))
                        .orElse(""), signedInAs));
        outcome.bindingToSet().ifPresent(value -> response.header(HttpHeaders.SET_COOKIE, cookie.header(value)));
        return noStore(response).build();
    }

    /**
     * Without this, JAX-RS answers HEAD by running {@link #connect} and dropping the body: a link
     * checker would bind the flow and open it. A HEAD learns nothing and changes nothing.
     */
    @HEAD
    @Path("connect/{link}")
    public Response connectHead(@PathParam("link") String link) {
        return noStore(Response.ok().type(MediaType.TEXT_HTML_TYPE)).build();
    }

    @GET
    @Path("oauth/callback")
    public Response callback(@Context UriInfo uri, @Context HttpHeaders headers) {
        return answer(callbacks.handle(CallbackParameters.from(uri.getQueryParameters()), binding(headers)));
    }

    private Response answer(CallbackResult result) {
        int status = switch (result.kind()) {
            case SUCCESS -> 200;
            case FAILED, EXPIRED, REPLAYED -> 409;
            case INVALID, WRONG_BROWSER -> 400;
        };
        return noStore(Response.status(status).entity(new CallbackPage(result,
                result.flow().map(flow -> tenants.displayName(flow.tenant())).orElse("")))).build();
    }

    /**
     * Likewise for the callback: a HEAD that ran {@link #callback} would redeem the one-time code and
     * leave the person's own request with "already used".
     */
    @HEAD
    @Path("oauth/callback")
    public Response callbackHead() {
        return noStore(Response.ok().type(MediaType.TEXT_HTML_TYPE)).build();
    }

    @HEAD
    @Path("oauth/callback/{issuerKey}")
    public Response callbackAtHead() {
        return callbackHead();
    }

    private String binding(HttpHeaders headers) {
        Cookie presented = headers.getCookies().get(cookie.name());
        return presented == null ? null : presented.getValue();
    }

    @GET
    @Path("oauth/callback/{issuerKey}")
    public Response callbackAt(@PathParam("issuerKey") String issuerKey, @Context UriInfo uri,
                               @Context HttpHeaders headers) {
        if (!RedirectUris.isKey(issuerKey)) {
            return noStore(Response.status(404).entity(new CallbackPage(CallbackResult.of(CallbackResult.Kind.INVALID,
                    null), ""))).build();
        }
        return answer(callbacks.handle(CallbackParameters.from(uri.getQueryParameters()).at(issuerKey),
                binding(headers)));
    }

    private static int statusFor(Landing.Outcome outcome) {
        return switch (outcome.refusal().orElseThrow()) {
            case UNKNOWN -> 404;
            case EXPIRED -> 410;
            default -> 409;
        };
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder builder) {
        return builder.type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").header("X-Content-Type-Options", "nosniff")
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    }
}
