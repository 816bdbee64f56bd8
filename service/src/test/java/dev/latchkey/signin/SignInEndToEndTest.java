package dev.latchkey.signin;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.StderrCapture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People sign in to Latchkey at a real OpenID Provider (oidc-provider, with a login form that asks
 * for the account name): code + PKCE, state bound to the browser, nonce, iss; and every way a
 * sign-in can go wrong ends on a page a person can read.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SignInEndToEndTest {

    private static final int OIDC_PORT = TestAppPorts.free();
    private static final String ISSUER = "http://127.0.0.1:" + OIDC_PORT + "/tenant1";
    private static final String SECRET = "s3cret+with/odd=chars";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static {
        StderrCapture.install();
    }

    private static final TestApp APP = TestApp.h2(TempDirs.create("signin-e2e"))
            .identityProvider("corp", ISSUER, "latchkey-signin", SECRET, "[alice, bob]",
                    "{servers: [notes], users: [alice]}")
            .identityProvider("partners", ISSUER, "latchkey-signin", SECRET, "[\"*\"]")
            // the browser throttle stays on, out of reach of this class's few dozen sign-in requests
            .with("limits.browser.burst", "1000");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static NodePeer idp;

    @BeforeAll
    static void start() {
        idp = Peers.start("oidc-peer.mjs", "--port", String.valueOf(OIDC_PORT), "--login-form",
                "--client-id", "latchkey-signin", "--client-secret", SECRET,
                "--redirect-uri", APP.baseUrl() + "/signin/callback");
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void aliceSignsInAndThePagesThatNeedAPersonKnowHer() {
        SignInBrowser browser = new SignInBrowser();
        HttpResponse<String> start = browser.get(APP.baseUrl() + "/signin/corp?continue="
                + SignInBrowser.enc("/signin/end?from=test"));
        assertThat(start.statusCode()).isEqualTo(302);
        assertPageHeaders(start);
        URI authorize = URI.create(start.headers().firstValue("location").orElseThrow());
        assertThat(authorize.toString()).startsWith(ISSUER + "/auth?");
        assertThat(authorize.getRawQuery()).contains("response_type=code", "code_challenge_method=S256",
                "code_challenge=", "state=", "nonce=", "client_id=latchkey-signin",
                "redirect_uri=" + SignInBrowser.enc(APP.baseUrl() + "/signin/callback"))
                .doesNotContain("code_verifier").doesNotContain(SignInBrowser.enc(SECRET));
        assertThat(start.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("latchkey_signin=").contains("HttpOnly", "SameSite=Lax", "Path=/"));

        URI callback = browser.toCallback(authorize, "alice");
        assertThat(callback.getRawQuery()).contains("iss=" + SignInBrowser.enc(ISSUER));
        String code = query(callback, "code");
        HttpResponse<String> done = browser.get(callback.toString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("location")).contains(APP.baseUrl() + "/signin/end?from=test");
        assertThat(done.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("latchkey_user=uss_").contains("HttpOnly", "SameSite=Lax", "Path=/"));

        SignedInUser alice = gate().current(browser.headers()).orElseThrow();
        assertThat(alice.subject()).isEqualTo("alice");
        assertThat(alice.tenant()).isEqualTo("default");
        assertThat(alice.provider()).isEqualTo("corp");
        assertThat(gate().mayUse(alice, "notes")).isTrue();
        assertThat(gate().mayUse(alice, "payroll")).isFalse();
        HttpResponse<String> page = browser.get(APP.baseUrl() + "/signin/end");
        assertThat(page.body()).contains("Signed in", "alice", "corp")
                .doesNotContain(browser.cookie("latchkey_user").orElseThrow());

        String sessionCookie = browser.cookie("latchkey_user").orElseThrow();
        HttpResponse<String> replayed = browser.get(callback.toString());
        assertRefused(replayed, 400, "already used");
        assertThat(replayed.headers().allValues("set-cookie")).isEmpty();

        assertRefused(browser.post(APP.baseUrl() + "/signin/end", Map.of("csrf", "forged")), 403, "stale");
        assertThat(gate().current(browser.headers())).as("a forged sign-out changes nothing").isPresent();
        HttpResponse<String> signedOut = browser.post(APP.baseUrl() + "/signin/end", Map.of("csrf", csrf(page.body())));
        assertThat(signedOut.statusCode()).isEqualTo(200);
        assertThat(signedOut.body()).contains("You have signed out");
        assertThat(gate().current(browser.headers())).isEmpty();
        assertThat(StderrCapture.text()).as("the logs").contains("/signin/callback")
                .doesNotContain(code).doesNotContain(sessionCookie.substring(31)).doesNotContain(SECRET)
                .doesNotContain(query(authorize, "state"));
        assertThat(((LatchkeyApplication) EXT.getApplication()).signIn().sessions().find(alice.sessionId()))
                .hasValueSatisfying(s -> assertThat(s.status(s.lastSeenAt())).isEqualTo(UserSession.Status.ENDED));
    }

    @Test
    void twoBrowsersAreTwoPeople() {
        SignInBrowser first = new SignInBrowser();
        SignInBrowser second = new SignInBrowser();
        assertThat(first.signIn(APP.baseUrl() + "/signin/corp", "alice").statusCode()).isEqualTo(303);
        HttpResponse<String> bob = second.signIn(APP.baseUrl() + "/signin/corp?continue=/", "bob");
        assertThat(bob.statusCode()).isEqualTo(303);
        assertThat(bob.headers().firstValue("location")).contains(APP.baseUrl() + "/");

        SignedInUser alice = gate().current(first.headers()).orElseThrow();
        SignedInUser bobUser = gate().current(second.headers()).orElseThrow();
        assertThat(alice.subject()).isEqualTo("alice");
        assertThat(bobUser.subject()).isEqualTo("bob");
        assertThat(bobUser.sessionId()).isNotEqualTo(alice.sessionId());
        assertThat(gate().mayUse(bobUser, "notes")).as("the rule names alice only").isFalse();
        assertThat(gate().mayUse(alice, "notes")).isTrue();
    }

    @Test
    void aSignInFinishesOnlyInTheBrowserThatStartedIt() {
        SignInBrowser victim = new SignInBrowser();
        SignInBrowser attacker = new SignInBrowser();
        HttpResponse<String> start = attacker.get(APP.baseUrl() + "/signin/corp");
        URI callback = attacker.toCallback(URI.create(start.headers().firstValue("location").orElseThrow()), "bob");

        HttpResponse<String> planted = victim.get(callback.toString());
        assertRefused(planted, 400, "another browser");
        assertThat(victim.cookie("latchkey_user")).isEmpty();
        assertRefused(attacker.get(callback.toString()), 400, "already used");
    }

    @Test
    void anAnswerNamingAnotherIssuerOrNoneIsRefused() {
        SignInBrowser browser = new SignInBrowser();
        URI wrong = callbackFor(browser, "alice");
        String forged = wrong.toString().replace("iss=" + SignInBrowser.enc(ISSUER),
                "iss=" + SignInBrowser.enc("http://127.0.0.1:1/evil"));
        assertRefused(browser.get(forged), 400, "did not come from the identity provider");

        URI missing = callbackFor(browser, "alice");
        String withoutIss = missing.toString().replaceAll("[&?]iss=[^&]*", "");
        assertThat(withoutIss).doesNotContain("iss=");
        assertRefused(browser.get(withoutIss), 400, "did not come from the identity provider");
        assertThat(gate().current(browser.headers())).isEmpty();
    }

    @Test
    void anErrorFromTheProviderIsAReadablePage() {
        SignInBrowser browser = new SignInBrowser();
        HttpResponse<String> start = browser.get(APP.baseUrl() + "/signin/corp");
        String state = query(URI.create(start.headers().firstValue("location").orElseThrow()), "state");
        assertRefused(browser.get(APP.baseUrl() + "/signin/callback?error=access_denied&state=" + state + "&iss="
                + SignInBrowser.enc(ISSUER)), 400, "did not sign you in");
        assertRefused(browser.get(APP.baseUrl() + "/signin/callback?code=abc"), 400, "not valid");
    }

    @Test
    void aUserTheOperatorDidNotAllowCannotSignIn() {
        SignInBrowser browser = new SignInBrowser();
        HttpResponse<String> refused = browser.signIn(APP.baseUrl() + "/signin/corp", "mallory");
        assertRefused(refused, 403, "may not sign in here");
        assertThat(browser.cookie("latchkey_user")).isEmpty();
        assertThat(browser.signIn(APP.baseUrl() + "/signin/partners", "mallory").statusCode())
                .as("partners lets everyone sign in").isEqualTo(303);
        SignedInUser mallory = gate().current(browser.headers()).orElseThrow();
        assertThat(mallory.provider()).isEqualTo("partners");
        assertThat(gate().mayUse(mallory, "notes")).as("partners has no access rules").isFalse();
    }

    @Test
    void onlyPathsOnLatchkeyItselfAreContinuedTo() {
        SignInBrowser browser = new SignInBrowser();
        for (String target : new String[] {"//evil.example/", "https://evil.example/", "/\\evil.example", "evil",
                "/a\nb"}) {
            HttpResponse<String> refused = browser.get(APP.baseUrl() + "/signin/corp?continue="
                    + SignInBrowser.enc(target));
            assertRefused(refused, 400, "not valid");
            assertThat(refused.headers().firstValue("location")).isEmpty();
        }
        assertRefused(browser.get(APP.baseUrl() + "/signin?continue=" + SignInBrowser.enc("//evil.example")), 400,
                "not valid");
    }

    @Test
    void severalProvidersAreOfferedAndAnUnknownOneIsNotFound() {
        SignInBrowser browser = new SignInBrowser();
        HttpResponse<String> chooser = browser.get(APP.baseUrl() + "/signin?continue=%2Foauth%2Fauthorize%3Fx%3D1");
        assertThat(chooser.statusCode()).isEqualTo(200);
        assertPageHeaders(chooser);
        assertThat(chooser.body()).contains("href=\"/signin/corp?continue=%2Foauth%2Fauthorize%3Fx%3D1\"",
                "href=\"/signin/partners?continue=%2Foauth%2Fauthorize%3Fx%3D1\"").doesNotContain("/signin/dev");
        assertRefused(browser.get(APP.baseUrl() + "/signin/nobody"), 404, "Unknown identity provider");
        assertRefused(browser.get(APP.baseUrl() + "/signin/corp/extra"), 404, "");
    }

    @Test
    void theDevelopmentLoginIsNotThereUnlessSwitchedOn() {
        SignInBrowser browser = new SignInBrowser();
        assertRefused(browser.get(APP.baseUrl() + "/signin/dev"), 404, "");
        assertRefused(browser.post(APP.baseUrl() + "/signin/dev", Map.of("name", "root")), 404, "");
        assertThat(browser.cookie("latchkey_user")).isEmpty();
    }

    private static URI callbackFor(SignInBrowser browser, String account) {
        HttpResponse<String> start = browser.get(APP.baseUrl() + "/signin/corp");
        return browser.toCallback(URI.create(start.headers().firstValue("location").orElseThrow()), account);
    }

    static void assertRefused(HttpResponse<String> response, int status, String words) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("<h1").containsIgnoringCase(words).doesNotContain("Exception")
                .doesNotContain("\"status\"");
        assertPageHeaders(response);
    }

    static void assertPageHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("cache-control")).contains("no-store");
        assertThat(response.headers().firstValue("x-frame-options")).contains("DENY");
        assertThat(response.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("frame-ancestors 'none'"));
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a csrf field in " + html).isTrue();
        return matcher.group(1);
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }

    private static SignInGate gate() {
        return ((LatchkeyApplication) EXT.getApplication()).signIn().gate();
    }

    /** The identity provider's port must be known before the app's configuration is built. */
    static final class TestAppPorts {
        static int free() {
            try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
