package dev.latchkey.issuer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Axe;
import dev.latchkey.testing.Chromium;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page in a real browser (headless Chromium): accessible (axe-core), and its Allow button
 * takes the browser to the client's redirect URI with a code — the page's security headers (CSP, framing)
 * do not stand in the way of its own form.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsentPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("issuer-consent-browser"))
            .with("authorizationServer.enabled", "true")
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension(IssuerTestApp.class);

    @Test
    void theConsentPageIsAccessibleAndAllowGoesBackWithACode() {
        Chromium.requireInstalled();
        String base = TEST_APP.baseUrl();
        String key = AppDatabase.apiKey(AppDatabase.jdbi(APP.getConfiguration()), "acme-consent");
        ApiClient.Reply server = new ApiClient(base).post(key, "/v1/servers", JSON.createObjectNode()
                .put("url", "http://127.0.0.1:9/mcp").put("name", "Notes").toString());
        assertThat(server.status()).isEqualTo(201);
        BrowserAndClient client = new BrowserAndClient(base);
        String clientId = client.register("{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"Desk Assistant\","
                + "\"token_endpoint_auth_method\":\"none\"}").get("client_id").asText();
        Map<String, String> params = client.authorization(clientId, REDIRECT, server.body().get("gatewayUrl").asText());

        ChromeDriver driver = Chromium.start(TempDirs.create("issuer-consent-chromium"));
        try {
            driver.get(base + "/.well-known/oauth-authorization-server");
            driver.manage().addCookie(new Cookie(CookieSignIn.COOKIE, CookieSignIn.cookie("acme-consent", "rosa",
                    "uss_rosa")));
            driver.get(base + "/oauth/authorize?" + Http.formBody(params));
            assertThat(driver.findElement(By.tagName("h1")).getText()).contains("Desk Assistant").contains("Notes");
            Chromium.screenshot(driver, "issuer-consent");
            Axe.assertAccessible(driver, "the consent page");

            driver.findElement(By.cssSelector("button[value=allow]")).click();
            // The click only starts the navigation: wait for the browser to be sent on.
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(REDIRECT));
            String landed = driver.getCurrentUrl();
            assertThat(landed).startsWith(REDIRECT + "?").contains("code=lka_")
                    .contains("state=" + params.get("state")).contains("iss=");
        } finally {
            driver.quit();
        }
    }
}
