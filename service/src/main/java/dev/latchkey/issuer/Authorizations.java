package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCError;
import dev.latchkey.security.Signer;
import dev.latchkey.signin.SignInGate;
import dev.latchkey.signin.SignedInUser;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authorization endpoint's decisions: a checked request ({@link AuthorizationRequests}), then the
 * signed-in user, whether they may use the route, and their consent — remembered per user, client and route,
 * asked again when the client wants more scopes. Allowing issues a single-use code bound to all of it.
 */
final class Authorizations {

    /** What the browser is shown next. */
    sealed interface Step {
        record Refused(IssuerRefusal.Page page) implements Step { }

        record Redirect(URI location) implements Step { }

        record AskConsent(ConsentPrompt prompt) implements Step { }
    }

    private final AuthorizationRequests requests;
    private final McpClients clients;
    private final ConsentStore consents;
    private final GrantStore grants;
    private final SignInGate signIn;
    private final RouteLookup routes;
    private final Signer signer;
    private final IssuerUrls urls;
    private final IssuerSettings settings;
    private final Clock clock;

    Authorizations(AuthorizationRequests requests, McpClients clients, ConsentStore consents, GrantStore grants,
                   SignInGate signIn, RouteLookup routes, Signer signer, IssuerUrls urls, IssuerSettings settings,
                   Clock clock) {
        this.requests = requests;
        this.clients = clients;
        this.consents = consents;
        this.grants = grants;
        this.signIn = signIn;
        this.routes = routes;
        this.signer = signer;
        this.urls = urls;
        this.settings = settings;
        this.clock = clock;
    }

    /** GET /oauth/authorize: {@code pathAndQuery} is where sign-in brings the browser back to. */
    Step authorize(Map<String, List<String>> params, String pathAndQuery, HttpHeaders headers) {
        return decided(() -> {
            AuthorizationAsk ask = requests.check(params);
            Optional<SignedInUser> user = signIn.current(headers);
            if (user.isEmpty()) {
                if (ask.promptNone()) {
                    throw requests.redirect(ask.redirectUri(), ask.state(), OIDCError.LOGIN_REQUIRED,
                            "The user is not signed in.");
                }
                return new Step.Redirect(signIn.signInLocation(pathAndQuery));
            }
            String serverName = route(ask, user.get());
            Optional<Consent> consent = consents.find(user.get().tenant(), user.get().subject(),
                    ask.client().clientId(), ask.resource());
            if (consent.isPresent() && consent.get().covers(ask.scopes())) {
                return new Step.Redirect(issueCode(ask, user.get()));
            }
            if (ask.promptNone()) {
                throw requests.redirect(ask.redirectUri(), ask.state(), OIDCError.CONSENT_REQUIRED,
                        "The user has not allowed this client these scopes yet.");
            }
            return new Step.AskConsent(new ConsentPrompt(ask.client().displayName(), ask.client().clientId(),
                    ask.redirectUri(), serverName, ask.resource(), ask.scopes(),
                    user.get().displayName(), ask.parameters(),
                    signer.sign(ask.consentMessage(user.get().sessionId()))));
        });
    }

    /** POST /oauth/authorize: the consent form's answer, {@code allow} true for Allow. */
    Step decide(Map<String, List<String>> form, boolean allow, String csrf, HttpHeaders headers) {
        return decided(() -> {
            AuthorizationAsk ask = requests.check(form);
            SignedInUser user = signIn.current(headers).orElseThrow(() -> new IssuerRefusal.Page(400,
                    "Your sign-in has ended", "Start again from your MCP client."));
            if (!signer.verify(ask.consentMessage(user.sessionId()), csrf)) {
                throw new IssuerRefusal.Page(400, "This consent form is not valid",
                        "The form did not come from this sign-in session. Start again from your MCP client.");
            }
            route(ask, user);
            if (!allow) {
                throw requests.redirect(ask.redirectUri(), ask.state(), OAuth2Error.ACCESS_DENIED,
                        "The user denied the request.");
            }
            consents.remember(user.tenant(), user.subject(), ask.client().clientId(), ask.resource(), ask.scopes(),
                    clock.instant());
            return new Step.Redirect(issueCode(ask, user));
        });
    }

    /** The server's name, if the route exists in the user's tenant and the user may use it. */
    private String route(AuthorizationAsk ask, SignedInUser user) {
        Optional<String> server = routes.serverName(user.tenant(), ask.slug());
        if (server.isEmpty() || !signIn.mayUse(user, ask.slug())) {
            throw requests.redirect(ask.redirectUri(), ask.state(), OAuth2Error.ACCESS_DENIED,
                    "This user may not use " + ask.resource() + ".");
        }
        return server.get();
    }

    private URI issueCode(AuthorizationAsk ask, SignedInUser user) {
        String code = IssuerSecrets.mint(IssuerSecrets.CODE);
        Instant now = clock.instant();
        grants.insertCode(new IssuedCode(IssuerSecrets.hash(code), ask.client().clientId(), ask.redirectUri(),
                ask.resource(), ask.scopes(), ask.codeChallenge(), user.tenant(), user.subject(), user.sessionId(), now,
                now.plus(settings.codeLifetime()), Optional.empty(), Optional.empty()));
        clients.seen(ask.client());
        return new AuthorizationSuccessResponse(URI.create(ask.redirectUri()), new AuthorizationCode(code), null,
                ask.state().orElse(null), new Issuer(urls.issuer()), ResponseMode.QUERY).toURI();
    }

    private static Step decided(Supplier<Step> decision) {
        try {
            return decision.get();
        } catch (IssuerRefusal.Page page) {
            return new Step.Refused(page);
        } catch (AuthorizationRequests.Redirected redirect) {
            return new Step.Redirect(redirect.location());
        }
    }
}
