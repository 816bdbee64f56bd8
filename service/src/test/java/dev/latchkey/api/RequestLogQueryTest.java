package dev.latchkey.api;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.StderrCapture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text request log with a format that writes everything a request line and its parameters
 * can carry ({@code %r}, {@code %q}, a named parameter, the Referer and Authorization headers): on
 * the browser endpoints the query string never reaches it, nor do an API key or a cookie anywhere; on
 * the REST API the filters still do.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestLogQueryTest {

    static {
        StderrCapture.install();
    }

    private static final String REVEALING_FORMAT = "RQLOG \"%r\" q=[%q] code=[%requestParameter{code}] "
            + "ref=[%i{Referer}] auth=[%i{Authorization}] cookie=[%i{Cookie}] bound=[%requestCookie{latchkey_browser}] "
            + "set=[%responseHeader{Set-Cookie}] path=[%U]";
    private static final TestApp APP = TestApp.h2(TempDirs.create("request-log"))
            .with("server.requestLog.appenders[0].logFormat", REVEALING_FORMAT);
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void browserEndpointsAreLoggedWithoutTheirQueryAndTheApiWithIt() throws Exception {
        String key = TestKeys.create(EXT.getConfiguration(), "acme");
        Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl()
                + "/oauth/callback?code=CODE-7f3a91&state=STATE-c41d2e&iss=x")).GET());
        Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/oauth/callback/issuer-key?code=CODE-2b8e44"))
                .header("Referer", APP.baseUrl() + "/oauth/callback?code=CODE-from-referer&state=STATE-from-referer")
                .GET());
        Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/connect/some-link?state=STATE-9d02aa"))
                .header("Cookie", "latchkey_browser=COOKIE-5a7c11").GET());
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/console/login")).GET()).headers()
                .allValues("Set-Cookie")).as("a cookie the log must not show").anyMatch(c -> c.startsWith("latchkey_console"));
        Http.get(APP.baseUrl() + "/v1/flows?subject=visible-filter", key);
        Thread.sleep(500);

        String log = StderrCapture.text();
        assertThat(log).contains("RQLOG \"GET /oauth/callback HTTP/1.1\" q=[] code=[-]")
                .contains("path=[/oauth/callback/issuer-key]")
                .contains("ref=[" + APP.baseUrl() + "/oauth/callback]")
                .contains("path=[/connect/some-link]")
                .contains("\"GET /v1/flows?subject=visible-filter HTTP/1.1\"");
        assertThat(log).contains("path=[/console/login]");
        assertThat(log).doesNotContain("CODE-").doesNotContain("STATE-").doesNotContain("COOKIE-")
                .doesNotContain("latchkey_browser=").doesNotContain("latchkey_console").doesNotContain(key)
                .doesNotContain(key.substring(14));
    }
}
