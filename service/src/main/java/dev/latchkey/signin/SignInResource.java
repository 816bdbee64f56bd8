package dev.latchkey.signin;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.metrics.DomainMetrics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in pages: choose an identity provider, go there, come back, and sign out; and the
 * development login when it is switched on. HTML whatever the Accept header says: a person is reading.
 * A refusal is a {@link SignInException}, rendered by {@link SignInRefusals}.
 */
@Path("/signin")
public final class SignInResource {

    /** Where a browser goes after signing in when nobody said: the page that shows the sign-in. */
    static final String DEFAULT_CONTINUE = "/signin/end";

    private final SignInProviders providers;
    private final OidcSignIn oidc;
    private final UserSessions sessions;
    private final UserSignIn gate;
    private final SignInCookies cookies;
    private final String publicBaseUrl;
    private final DomainMetrics metrics;

    SignInResource(SignInProviders providers, OidcSignIn oidc, UserSessions sessions, UserSignIn gate,
                   SignInCookies cookies, URI publicBaseUrl, DomainMetrics metrics) {
        this.metrics = metrics;
        String base = publicBaseUrl.toString();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.providers = providers;
        this.oidc = oidc;
        this.sessions = sessions;
        this.gate = gate;
        this.cookies = cookies;
    }

    /** One identity provider and no development login: straight on to it; otherwise a choice. */
    @GET
    public Response choose(@QueryParam("continue") String continueTo, @Context HttpHeaders headers) {
        ContinuePath to = continuePath(continueTo);
        Optional<IdentityProvider> sole = providers.sole();
        if (sole.isPresent()) {
            return start(sole.get(), to, headers);
        }
        if (providers.identityProviders().isEmpty() && providers.developmentLogin().isEmpty()) {
            throw new SignInException(SignInRefusal.NO_PROVIDER, "no identity provider configured");
        }
        String query = "?continue=" + URLEncoder.encode(to.value(), StandardCharsets.UTF_8);
        List<Map<String, String>> choices = providers.identityProviders().stream()
                .map(p -> Map.of("name", p.name(), "href", "/signin/" + p.name() + query)).toList();
        String development = providers.developmentLogin().isPresent() ? "/signin/dev" + query : "";
        return page(Response.ok(SignInPage.of("choose", "Sign in", Map.of("providers", choices,
                "developmentHref", development)))).build();
    }

    @GET
    @Path("{provider}")
    public Response startAt(@PathParam("provider") String name, @QueryParam("continue") String continueTo,
                            @Context HttpHeaders headers) {
        IdentityProvider provider = providers.find(name).orElseThrow(() -> new SignInException(
                SignInRefusal.UNKNOWN_PROVIDER, "unknown identity provider"));
        return start(provider, continuePath(continueTo), headers);
    }

    /** Without this, JAX-RS answers HEAD by running {@link #startAt}: a link checker would start sign-ins. */
    @HEAD
    @Path("{provider}")
    public Response startHead() {
        return page(Response.ok()).build();
    }

    @GET
    @Path("callback")
    public Response callback(@Context UriInfo uri, @Context HttpHeaders headers) {
        OidcSignIn.Verified verified = oidc.complete(uri.getQueryParameters(), cookie(headers, cookies.bindingName()),
                providers::find);
        return signedIn(sessions.open(verified.provider().tenant(), verified.provider().name(), verified.subject(),
                verified.displayName()), verified.continueTo());
    }

    /** A HEAD that ran {@link #callback} would use up the state and leave the person's own request refused. */
    @HEAD
    @Path("callback")
    public Response callbackHead() {
        return page(Response.ok()).build();
    }

    @GET
    @Path("dev")
    public Response developmentForm(@QueryParam("continue") String continueTo, @Context HttpHeaders headers) {
        DevelopmentLogin login = developmentLogin();
        ContinuePath to = continuePath(continueTo);
        String binding = cookie(headers, cookies.bindingName()).filter(BrowserBinding::isWellFormed)
                .orElseGet(BrowserBinding::mint);
        return page(Response.ok(SignInPage.of("development", "Development login", Map.of("tenant", login.tenant(),
                "csrf", UserSessions.csrfToken(binding), "continueTo", to.value()))))
                .header(HttpHeaders.SET_COOKIE, cookies.binding(binding)).build();
    }

    @POST
    @Path("dev")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response developmentSignIn(byte[] body, @Context HttpHeaders headers) {
        Map<String, List<String>> form = form(body);
        String name = field(form, "name");
        String continueTo = field(form, "continue");
        String csrf = field(form, "csrf");
        DevelopmentLogin login = developmentLogin();
        Optional<String> binding = cookie(headers, cookies.bindingName()).filter(BrowserBinding::isWellFormed);
        if (binding.isEmpty() || !same(UserSessions.csrfToken(binding.get()), csrf)) {
            throw new SignInException(SignInRefusal.STALE_FORM, "development login form without its cookie");
        }
        ContinuePath to = continuePath(continueTo);
        String subject = name == null ? "" : name.strip();
        if (!UserNames.isValid(subject)) {
            throw new SignInException(SignInRefusal.INVALID_NAME, "development login with an unusable name");
        }
        return signedIn(sessions.open(login.tenant(), DevelopmentLogin.PROVIDER, subject, subject), to);
    }

    /** Who this browser is signed in as, with the sign-out form. */
    @GET
    @Path("end")
    public Response sessionPage(@Context HttpHeaders headers) {
        return page(Response.ok(sessionPage(gate.session(headers), headers, "Not signed in"))).build();
    }

    @POST
    @Path("end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response end(byte[] body, @Context HttpHeaders headers) {
        String csrf = field(form(body), "csrf");
        Optional<UserSession> session = gate.session(headers);
        if (session.isPresent()) {
            if (!same(gate.csrfToken(headers).orElse(null), csrf)) {
                throw new SignInException(SignInRefusal.STALE_FORM, "sign-out form without its session's token");
            }
            sessions.end(session.get());
        }
        return page(Response.ok(sessionPage(Optional.empty(), headers, "You have signed out")))
                .header(HttpHeaders.SET_COOKIE, cookies.clearUser()).build();
    }

    /**
     * A posted form, read as bytes and parsed as UTF-8 by Nimbus: a POST without a Content-Type, or with a
     * charset nobody knows, is a form that does not verify rather than a failure of the server (which
     * {@code @FormParam} made it).
     */
    private static Map<String, List<String>> form(byte[] body) {
        return URLUtils.parseParameters(body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    private static String field(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private SignInPage sessionPage(Optional<UserSession> session, HttpHeaders headers, String message) {
        if (session.isEmpty()) {
            return SignInPage.of("session", message, Map.of("signedIn", false, "message", message));
        }
        UserSession s = session.get();
        return SignInPage.of("session", "Your sign-in", Map.of("signedIn", true, "displayName", s.displayName(),
                "subject", s.subject(), "provider", s.provider(),
                "expiresAt", DateTimeFormatter.ISO_INSTANT.format(s.expiresAt()),
                "csrf", gate.csrfToken(headers).orElseThrow()));
    }

    private Response start(IdentityProvider provider, ContinuePath to, HttpHeaders headers) {
        OidcSignIn.Start start = oidc.begin(provider, to, cookie(headers, cookies.bindingName()));
        return page(Response.status(Response.Status.FOUND).location(start.authorizationUri()))
                .header(HttpHeaders.SET_COOKIE, cookies.binding(start.binding())).build();
    }

    private Response signedIn(UserSessions.Opened opened, ContinuePath to) {
        metrics.signIn(DomainMetrics.SignIn.SIGNED_IN);
        // Absolute on the public origin: a relative Location would be resolved against the request's own host.
        return page(Response.seeOther(URI.create(publicBaseUrl + to.value())))
                .header(HttpHeaders.SET_COOKIE, cookies.user(opened.cookieValue(), sessions.lifetime())).build();
    }

    private DevelopmentLogin developmentLogin() {
        return providers.developmentLogin().orElseThrow(() -> new SignInException(SignInRefusal.UNKNOWN_PROVIDER,
                "development login is off"));
    }

    private static ContinuePath continuePath(String continueTo) {
        if (continueTo == null) {
            return new ContinuePath(DEFAULT_CONTINUE);
        }
        return ContinuePath.parse(continueTo).orElseThrow(() -> new SignInException(SignInRefusal.BAD_CONTINUE,
                "continue is not a path on this origin"));
    }

    private static Optional<String> cookie(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null || cookie.getValue().isEmpty() ? Optional.empty() : Optional.of(cookie.getValue());
    }

    private static boolean same(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Every sign-in answer is HTML; its protective headers come from {@link SignInHeadersFilter}. */
    private static Response.ResponseBuilder page(Response.ResponseBuilder builder) {
        return builder.type(MediaType.TEXT_HTML_TYPE);
    }
}
