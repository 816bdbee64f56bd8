package dev.latchkey.console;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.signin.UserSessions;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** User sessions in the console: listed per tenant and subject (never a secret), ended by an operator with CSRF. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UserSessionsConsoleHttpTest {

    private static final TestApp APP = TestApp.h2(TempDirs.create("user-sessions-console"));
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "correct horse battery";

    private static Jdbi jdbi;
    private static UserSessions sessions;

    @BeforeAll
    static void setUp() {
        jdbi = AppDatabase.jdbi(EXT.getConfiguration());
        sessions = new UserSessions(jdbi, new AuditLog(jdbi, Clock.systemUTC()), Clock.systemUTC(), Duration.ofHours(8));
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", PASSWORD.toCharArray());
    }

    @Test
    void theConsoleListsSessionsWithoutTheirSecretAndEndsOneWithCsrf() {
        UserSessions.Opened alice = sessions.open("acme", "corp", "<b>alice</b>", "Alice Liddell");
        UserSessions.Opened bob = sessions.open("globex", "corp", "bob", "bob");
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        assertThat(browser.signIn("ada", PASSWORD).statusCode()).isEqualTo(303);

        HttpResponse<String> page = browser.get("/console/user-sessions?tenant=acme");
        String id = alice.session().id();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/console/user-sessions\" class=\"active\"",
                        "id=\"user-session-" + id + "\"", "&lt;b&gt;alice&lt;/b&gt;", "Alice Liddell", "corp",
                        "/console/user-sessions/" + id + "/end")
                .doesNotContain("<b>alice</b>").doesNotContain(alice.cookieValue().substring(31))
                .doesNotContain(alice.session().secretHash()).doesNotContain(bob.session().id());

        HttpResponse<String> forged = browser.post("/console/user-sessions/" + id + "/end",
                Map.of("csrf", "x".repeat(43)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(sessions.authenticate(alice.cookieValue())).as("still live after a forged post").isPresent();

        HttpResponse<String> ended = browser.post("/console/user-sessions/" + id + "/end",
                Map.of("csrf", ConsoleHttp.csrfOf(page.body())));
        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(ended.headers().firstValue("location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/console/user-sessions?done=ended"));
        assertThat(sessions.authenticate(alice.cookieValue())).isEmpty();
        assertThat(sessions.authenticate(bob.cookieValue())).isPresent();
        List<String> actors = jdbi.withHandle(h -> h.createQuery(
                        "SELECT actor FROM audit_log WHERE action = 'user_session.end' AND target_id = :id")
                .bind("id", id).mapTo(String.class).list());
        assertThat(actors).containsExactly("ada");

        HttpResponse<String> after = browser.get("/console/user-sessions?subject=%3Cb%3Ealice%3C%2Fb%3E&done=ended");
        assertThat(after.body()).contains("The session was ended", "pill-ended")
                .doesNotContain("/console/user-sessions/" + id + "/end");
    }

    @Test
    void thePageNeedsAnOperator() {
        assertThat(new ConsoleHttp(APP.baseUrl()).get("/console/user-sessions").statusCode()).isEqualTo(303);
    }
}
