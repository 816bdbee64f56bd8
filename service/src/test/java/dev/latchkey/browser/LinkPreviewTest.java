package dev.latchkey.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestFlows;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The landing link on plain http (development): a HEAD or a link preview changes nothing, so the
 * person who opens the link next still gets the way on; the binding cookie's name and attributes;
 * the pages name the tenant by its configured display name.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LinkPreviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp APP = TestApp.h2(TempDirs.create("link-preview"))
            .with("tenants.acme.displayName", "Acme <b>Assistant</b> & Co");
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final List<Map<String, String>> PREVIEWS = List.of(
            Map.of("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"),
            Map.of("User-Agent", "Twitterbot/1.0"),
            Map.of("User-Agent", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
            Map.of("User-Agent", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"),
            Map.of("User-Agent", "WhatsApp/2.23.20.0 A"),
            Map.of("User-Agent", "TelegramBot (like TwitterBot)"),
            Map.of("User-Agent", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"),
            Map.of("User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
            Map.of("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) SkypeUriPreview Preview/0.5"),
            Map.of("Sec-Purpose", "prefetch"),
            Map.of("Sec-Purpose", "prefetch;prerender"),
            Map.of("Purpose", "prefetch"));
    private static String acmeKey;
    private static String globexKey;
    private static Jdbi db;
    private FakeProvider as;

    @BeforeAll
    static void keys() {
        db = TestKeys.jdbi(EXT.getConfiguration());
        acmeKey = TestKeys.create(db, "acme");
        globexKey = TestKeys.create(db, "globex");
    }

    @BeforeEach
    void fakeServer() {
        as = new FakeProvider();
    }

    @AfterEach
    void closeServer() {
        as.close();
    }

    @Test
    void aHeadRequestChangesNothingAndTheBrowserThatOpensTheLinkNextFinishes() throws Exception {
        JsonNode flow = start(acmeKey);
        HttpResponse<String> head = Http.send(HttpRequest.newBuilder(link(flow))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(head.headers().firstValue("Location")).isEmpty();
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertUntouched(flow);

        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        assertThat(journey.body()).contains("Connected");
    }

    @Test
    void aHeadRequestOfTheCallbackDoesNotRedeemTheCode() throws Exception {
        JsonNode flow = start(acmeKey);
        HttpResponse<String> landing = Http.send(HttpRequest.newBuilder(link(flow)).GET());
        String cookie = landing.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> authorize = Http.send(HttpRequest.newBuilder(continueLink(landing.body())).GET());
        URI callback = URI.create(authorize.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> head = Http.send(HttpRequest.newBuilder(callback).header("Cookie", cookie)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(as.count("/token")).isZero();
        assertThat(get(flow).get("status").asText()).isEqualTo("pending");

        HttpResponse<String> result = Http.send(HttpRequest.newBuilder(callback).header("Cookie", cookie).GET());
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).contains("Connected");
    }

    @Test
    void linkPreviewsGetANeutralPageAndTheBrowserThatOpensTheLinkNextFinishes() throws Exception {
        JsonNode flow = start(acmeKey);
        for (Map<String, String> preview : PREVIEWS) {
            HttpRequest.Builder request = HttpRequest.newBuilder(link(flow)).GET();
            preview.forEach(request::header);
            HttpResponse<String> response = Http.send(request);

            assertThat(response.statusCode()).as(preview.toString()).isEqualTo(200);
            assertThat(response.headers().firstValue("Set-Cookie")).as(preview.toString()).isEmpty();
            assertThat(response.headers().firstValue("Location")).as(preview.toString()).isEmpty();
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("X-Robots-Tag").orElse("")).contains("noindex");
            assertThat(response.body()).as(preview.toString()).contains("Authorization link")
                    .doesNotContain(as.origin()).doesNotContain("authorize").doesNotContain("state=")
                    .doesNotContain(flow.get("subject").asText()).doesNotContain("Acme");
        }
        assertUntouched(flow);

        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        assertThat(journey.body()).contains("Connected");
    }

    @Test
    void aPreviewOfAnUnknownLinkLooksLikeAnyOther() {
        HttpResponse<String> preview = Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/connect/nope"))
                .header("User-Agent", "Twitterbot/1.0").GET());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Authorization link");
    }

    @Test
    void onPlainHttpTheBindingCookieHasNoPrefixAndIsNotSecure() throws Exception {
        JsonNode flow = start(acmeKey);
        HttpResponse<String> landing = Http.send(HttpRequest.newBuilder(link(flow)).GET());

        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .matches("latchkey_browser=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax")
                .doesNotContain("Secure").doesNotContain("Domain"));
    }

    @Test
    void theLandingAndResultPagesNameTheTenantByItsDisplayNameEscaped() throws Exception {
        JsonNode flow = start(acmeKey);
        HeadlessBrowser browser = new HeadlessBrowser();
        HttpResponse<String> landing = browser.get(link(flow));
        assertThat(landing.body()).contains("Acme &lt;b&gt;Assistant&lt;/b&gt; &amp; Co</strong> is asking to use")
                .contains(flow.get("subject").asText()).contains(as.mcpUrl()).doesNotContain("<b>Assistant");

        HeadlessBrowser.Journey journey = browser.followRedirects(continueLink(landing.body()));
        assertThat(journey.body()).contains("Connected").contains("Acme &lt;b&gt;Assistant&lt;/b&gt; &amp; Co")
                .contains(flow.get("subject").asText());
    }

    @Test
    void aTenantWithoutADisplayNameIsShownByItsId() throws Exception {
        JsonNode flow = start(globexKey);
        HttpResponse<String> landing = Http.send(HttpRequest.newBuilder(link(flow)).GET());
        assertThat(landing.body()).contains("<strong class=\"tenant\">globex</strong> is asking to use");
    }

    private void assertUntouched(JsonNode flow) {
        Map<String, Object> row = db.withHandle(h -> h.createQuery("SELECT browser_binding FROM flows WHERE id = :id")
                .bind("id", flow.get("id").asText()).mapToMap().one());
        assertThat(row.get("browser_binding")).as("not bound to any browser").isNull();
        JsonNode after = get(flow);
        assertThat(after.get("status").asText()).isEqualTo("pending");
        assertThat(after.get("timeline").findValuesAsText("step")).doesNotContain("redirect");
    }

    private static URI continueLink(String html) {
        java.util.regex.Matcher href = java.util.regex.Pattern.compile("id=\"continue\"[^>]*href=\"([^\"]+)\"")
                .matcher(html);
        assertThat(href.find()).as(html).isTrue();
        return URI.create(href.group(1).replace("&amp;", "&"));
    }

    private static URI link(JsonNode flow) {
        return URI.create(flow.get("authorizationUrl").asText());
    }

    private JsonNode start(String apiKey) {
        return TestFlows.start(APP.baseUrl(), apiKey, as.mcpUrl());
    }

    private JsonNode get(JsonNode flow) {
        return TestFlows.get(APP.baseUrl(), acmeKey, flow);
    }
}
