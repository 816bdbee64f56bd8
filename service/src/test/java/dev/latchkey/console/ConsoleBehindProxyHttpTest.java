package dev.latchkey.console;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted reverse proxy (limits.browser.trustedProxies), failed console sign-ins are counted
 * per client address from X-Forwarded-For: one guessing client is locked out, not everyone the proxy
 * forwards.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleBehindProxyHttpTest {

    private static final Path DIR = TempDirs.create("console-proxy");
    private static final TestApp APP = TestApp.h2(DIR).with("console.failuresBeforeLock", "5")
            .with("limits.browser.trustedProxies", "127.0.0.1");
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void aGuessingClientIsLockedOutAndAnotherClientOfTheSameProxyIsNot() {
        for (int i = 0; i < 5; i++) {
            assertThat(signIn("203.0.113.7", "nobody-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(signIn("203.0.113.7", "someone-else").statusCode()).isEqualTo(429);
        assertThat(signIn("203.0.113.8", "someone-else").statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> signIn(String client, String name) {
        Http.Session browser = new Http.Session(APP.baseUrl());
        String token = ConsoleHttp.csrfOf(browser.get("/console/login").body());
        return browser.send(Http.formPost(URI.create(APP.baseUrl() + "/console/login").toString(),
                Map.of("csrf", token, "name", name, "password", "wrong", "next", "/console"))
                .header("X-Forwarded-For", client));
    }
}
