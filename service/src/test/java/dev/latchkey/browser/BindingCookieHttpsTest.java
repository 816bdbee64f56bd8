package dev.latchkey.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind https (as in production: a TLS front, this test calls the connector on loopback
 * directly) the binding cookie is a {@code __Host-} cookie, and only that name binds the callback.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BindingCookieHttpsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COOKIE = Pattern.compile(
            "__Host-latchkey_browser=([A-Za-z0-9_-]{43}); Path=/; HttpOnly; SameSite=Lax; Secure");
    private static final TestApp APP = TestApp.h2(TempDirs.create("binding-https")).behindHttps();
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    private static String apiKey;
    private static FakeProvider as;

    @BeforeAll
    static void start() {
        apiKey = TestKeys.create(EXT.getConfiguration(), "acme");
        as = new FakeProvider();
    }

    @AfterAll
    static void stop() {
        as.close();
    }

    @Test
    void theCookieIsAHostCookieAndOnlyThatNameBindsTheCallback() throws Exception {
        HttpResponse<String> started = Http.post(APP.baseUrl() + "/v1/flows", apiKey,
                JSON.createObjectNode().put("serverUrl", as.mcpUrl()).put("subject", "carol").toString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode flow = JSON.readTree(started.body());
        assertThat(flow.get("authorizationUrl").asText()).startsWith("https://127.0.0.1:" + APP.port() + "/connect/");

        HttpResponse<String> landing = Http.send(HttpRequest.newBuilder(viaConnector(flow.get("authorizationUrl")
                .asText())).GET());
        assertThat(landing.statusCode()).isEqualTo(200);
        String setCookie = landing.headers().allValues("Set-Cookie").get(0);
        Matcher cookie = COOKIE.matcher(setCookie);
        assertThat(cookie.matches()).as(setCookie).isTrue();
        assertThat(setCookie).doesNotContain("Domain");
        String binding = cookie.group(1);

        HttpResponse<String> authorize = Http.send(HttpRequest.newBuilder(continueLink(landing.body())).GET());
        URI callback = viaConnector(authorize.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> bareName = Http.send(HttpRequest.newBuilder(callback)
                .header("Cookie", "latchkey_browser=" + binding).GET());
        assertThat(bareName.statusCode()).as("a cookie without the prefix could have been set by anyone")
                .isEqualTo(400);

        HttpResponse<String> hostCookie = Http.send(HttpRequest.newBuilder(callback)
                .header("Cookie", "__Host-latchkey_browser=" + binding).GET());
        assertThat(hostCookie.statusCode()).as(hostCookie.body()).isEqualTo(200);
        assertThat(hostCookie.body()).contains("Connected");
    }

    /** The public https URL as the TLS front would forward it: to this connector, over plain http. */
    private static URI viaConnector(String publicUrl) {
        assertThat(publicUrl).startsWith("https://127.0.0.1:" + APP.port() + "/");
        return URI.create("http" + publicUrl.substring("https".length()));
    }

    private static URI continueLink(String html) {
        Matcher href = Pattern.compile("id=\"continue\"[^>]*href=\"([^\"]+)\"").matcher(html);
        assertThat(href.find()).as(html).isTrue();
        return URI.create(href.group(1).replace("&amp;", "&"));
    }
}
