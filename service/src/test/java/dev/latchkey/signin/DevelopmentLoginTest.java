package dev.latchkey.signin;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.StderrCapture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.latchkey.signin.SignInEndToEndTest.assertPageHeaders;
import static dev.latchkey.signin.SignInEndToEndTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** The development login, switched on: a person types a name and is signed in as it, and the page says so. */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevelopmentLoginTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static {
        StderrCapture.install();
    }

    private static final TestApp APP = TestApp.h2(TempDirs.create("signin-dev"))
            .with("signIn.developmentLogin.enabled", "true");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    @Order(1)
    void aTypedNameSignsInAndThePageSaysItIsADevelopmentLogin() {
        assertThat(StderrCapture.text()).as("said loudly at start")
                .contains("WARN", "The development login is on (signIn.developmentLogin)");
        SignInBrowser browser = new SignInBrowser();
        HttpResponse<String> chooser = browser.get(APP.baseUrl() + "/signin?continue=%2Fsignin%2Fend");
        assertThat(chooser.statusCode()).isEqualTo(200);
        assertThat(chooser.body()).contains("href=\"/signin/dev?continue=%2Fsignin%2Fend\"");

        HttpResponse<String> form = browser.get(APP.baseUrl() + "/signin/dev?continue=%2Fsignin%2Fend");
        assertThat(form.statusCode()).isEqualTo(200);
        assertPageHeaders(form);
        assertThat(form.body()).contains("This is a development login, not a real sign-in");
        String csrf = csrf(form.body());
        assertThat(csrf).isNotEqualTo(browser.cookie("latchkey_signin").orElseThrow());

        HttpResponse<String> signedIn = browser.post(APP.baseUrl() + "/signin/dev",
                Map.of("name", "carol", "continue", "/signin/end", "csrf", csrf));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("location")).contains(APP.baseUrl() + "/signin/end");
        SignedInUser carol = gate().current(browser.headers()).orElseThrow();
        assertThat(carol.subject()).isEqualTo("carol");
        assertThat(carol.provider()).isEqualTo(DevelopmentLogin.PROVIDER);
        assertThat(carol.tenant()).isEqualTo("default");
        assertThat(gate().mayUse(carol, "notes")).as("no access rules: nobody may use anything").isFalse();
        assertThat(browser.get(APP.baseUrl() + "/signin/end").body()).contains("carol", "Sign out");
    }

    @Test
    @Order(2)
    void theFormMustComeFromThisBrowsersPageAndNameSomeone() {
        SignInBrowser browser = new SignInBrowser();
        String csrf = csrf(browser.get(APP.baseUrl() + "/signin/dev").body());
        assertRefused(browser.post(APP.baseUrl() + "/signin/dev", Map.of("name", "carol", "csrf", "forged")), 403,
                "stale");
        assertRefused(new SignInBrowser().post(APP.baseUrl() + "/signin/dev", Map.of("name", "carol", "csrf", csrf)),
                403, "stale");
        assertRefused(browser.post(APP.baseUrl() + "/signin/dev", Map.of("name", "  ", "csrf", csrf)), 400,
                "user name is not valid");
        assertRefused(browser.post(APP.baseUrl() + "/signin/dev", Map.of("name", "carol", "csrf", csrf,
                "continue", "https://evil.example/")), 400, "not valid");
        assertThat(gate().current(browser.headers())).isEmpty();
    }

    /** Last: it spends this address's allowance of browser requests. */
    @Test
    @Order(3)
    void aFloodOfSignInRequestsIsThrottledPerAddress() {
        SignInBrowser browser = new SignInBrowser();
        int throttled = 0;
        for (int i = 0; i < 60 && throttled == 0; i++) {
            HttpResponse<String> response = browser.get(APP.baseUrl() + "/signin/dev");
            if (response.statusCode() == 429) {
                throttled++;
                assertThat(response.headers().firstValue("retry-after")).isPresent();
            }
        }
        assertThat(throttled).as("the default burst is 30 a client address").isEqualTo(1);
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    private static SignInGate gate() {
        return ((LatchkeyApplication) EXT.getApplication()).signIn().gate();
    }
}
