package dev.latchkey.console;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Repeated failed sign-ins lock the name (and this address) out, even for the right password. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleThrottleHttpTest {

    private static final Path DIR = TempDirs.create("console-throttle");
    private static final TestApp APP = TestApp.h2(DIR).with("console.failuresBeforeLock", "5");
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void fiveFailuresLockTheSignInAndTheLockIsAudited() {
        Jdbi jdbi = Jdbi.create(TestDatabases.h2Url(DIR), "latchkey", "");
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("grace", "the right password".toCharArray());
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        for (int i = 0; i < 5; i++) {
            assertThat(browser.signIn("grace", "guess " + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = browser.signIn("grace", "the right password");

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins. Try again in");
        assertThat(browser.cookie(ConsoleCookies.SESSION)).isNull();
        long denied = jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'console.sign_in' AND outcome = 'DENIED'")
                .mapTo(Long.class).one());
        assertThat(denied).isEqualTo(1);
    }
}
