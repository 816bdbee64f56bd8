package dev.latchkey.flow;

import dev.latchkey.flow.pages.CallbackPage;
import dev.latchkey.flow.pages.LandingPage;
import dev.latchkey.registration.RedirectUris;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * The two pages a user's browser visits: the landing link and the OAuth callback. They answer HTML
 * whatever the Accept header says (no {@code @Produces}, so no 406): a person is reading.
 */
@Path("/")
public final class BrowserResource {

    private final Landing landing;
    private final CallbackProcessor callbacks;
    private final boolean secureCookies;

    public BrowserResource(Landing landing, CallbackProcessor callbacks, boolean secureCookies) {
        this.landing = landing;
        this.callbacks = callbacks;
        this.secureCookies = secureCookies;
    }

    @GET
    @Path("connect/{link}")
    public Response connect(@PathParam("link") String link, @CookieParam(BrowserBinding.COOKIE) String binding) {
        Landing.Outcome outcome = landing.open(link, binding);
        Response.ResponseBuilder response = Response.status(outcome.refusal().isPresent() ? statusFor(outcome) : 200)
                .entity(new LandingPage(outcome));
        outcome.bindingToSet().ifPresent(value -> response.cookie(new NewCookie.Builder(BrowserBinding.COOKIE)
                .value(value).path("/").httpOnly(true).secure(secureCookies)
                .sameSite(NewCookie.SameSite.LAX).build()));
        return noStore(response).build();
    }

    @GET
    @Path("oauth/callback")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error, @QueryParam("error_description") String description,
                             @QueryParam("iss") String iss, @CookieParam(BrowserBinding.COOKIE) String binding) {
        return answer(callbacks.handle(CallbackParameters.of(state, code, error, description, iss), binding));
    }

    private static Response answer(CallbackResult result) {
        int status = switch (result.kind()) {
            case SUCCESS -> 200;
            case FAILED, EXPIRED, REPLAYED -> 409;
            case INVALID, WRONG_BROWSER -> 400;
        };
        return noStore(Response.status(status).entity(new CallbackPage(result))).build();
    }

    @GET
    @Path("oauth/callback/{issuerKey}")
    public Response callbackAt(@PathParam("issuerKey") String issuerKey, @QueryParam("state") String state,
                               @QueryParam("code") String code, @QueryParam("error") String error,
                               @QueryParam("error_description") String description, @QueryParam("iss") String iss,
                               @CookieParam(BrowserBinding.COOKIE) String binding) {
        if (!RedirectUris.isKey(issuerKey)) {
            return noStore(Response.status(404).entity(new CallbackPage(CallbackResult.of(CallbackResult.Kind.INVALID,
                    null)))).build();
        }
        return answer(callbacks.handle(CallbackParameters.of(state, code, error, description, iss).at(issuerKey),
                binding));
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
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    }
}
