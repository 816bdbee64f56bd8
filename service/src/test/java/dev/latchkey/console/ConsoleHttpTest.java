package dev.latchkey.console;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.auth.Caller;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.gateway.servers.UpstreamServers;
import dev.latchkey.gateway.servers.UpstreamUrlPolicy;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The console over real HTTP: sign-in and out, sessions, CSRF, headers, escaping, readable errors. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleHttpTest {

    private static final Path DIR = TempDirs.create("console-http");
    private static final TestApp APP = TestApp.h2(DIR);
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "correct horse battery";
    private static final String XSS = "<script>alert(1)</script>";

    private static Jdbi jdbi;
    private static ConsoleFixtures seed;

    @BeforeAll
    static void seed() {
        jdbi = Jdbi.create(TestDatabases.h2Url(DIR), "latchkey", "").installPlugin(new SqlObjectPlugin());
        seed = new ConsoleFixtures(jdbi);
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", PASSWORD.toCharArray());
        long now = System.currentTimeMillis();
        seed.flow("flw_pending1", "acme", "alice", "files", "pending", now - 60_000);
        seed.flow("flw_xss", "acme", XSS, "files", "failed", now - 120_000);
        seed.client("rc_1", ConsoleFixtures.ISSUER, "dynamic", "client-123", "SEALED-SECRET-VALUE", now - 3_600_000);
        seed.connection("con_1", "acme", "alice", "active", now - 1_000_000);
        new UpstreamServers(jdbi, new AuditLog(jdbi, Clock.systemUTC()), Clock.systemUTC(), new UpstreamUrlPolicy(false),
                URI.create(APP.baseUrl())).register(new Caller("acme", "acmeprefix"), XSS + " tools",
                "https://tools.example.com/mcp");
    }

    @Test
    void pagesRedirectToSignInAndCarryTheSecurityHeaders() {
        HttpResponse<String> response = new ConsoleHttp(APP.baseUrl()).get("/console/flows?status=pending");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/console/login?next=%2Fconsole%2Fflows"));
        assertSecurityHeaders(response);
    }

    @Test
    void signInSetsAStrictHttpOnlySessionCookieAndIsAudited() {
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        HttpResponse<String> form = browser.get("/console/login");
        assertSecurityHeaders(form);
        assertThat(form.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));

        HttpResponse<String> signedIn = browser.post("/console/login", Map.of("csrf", ConsoleHttp.csrfOf(form.body()),
                "name", "ada", "password", PASSWORD, "next", "/console/connections"));

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/connections"));
        String cookie = ConsoleHttp.setCookies(signedIn).stream()
                .filter(c -> c.startsWith(ConsoleCookies.SESSION + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/console").doesNotContain("Secure");
        String sessionId = browser.cookie(ConsoleCookies.SESSION);
        int stored = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM console_sessions WHERE id_hash = :id")
                .bind("id", sessionId).mapTo(Integer.class).one());
        assertThat(stored).as("the raw id is never stored").isZero();
        assertThat(browser.get("/console").statusCode()).isEqualTo(200);
        assertThat(auditCount("console.sign_in", "SUCCESS")).isPositive();
    }

    @Test
    void aWrongPasswordIsRefusedWithAReadablePageAndAudited() {
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        long before = auditCount("console.sign_in", "FAILURE");

        HttpResponse<String> response = browser.signIn("ada", "not the password");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("do not match an operator").doesNotContain("not the password");
        assertThat(browser.cookie(ConsoleCookies.SESSION)).isNull();
        assertThat(auditCount("console.sign_in", "FAILURE")).isEqualTo(before + 1);
    }

    @Test
    void theSignInFormItselfNeedsItsCsrfCookie() {
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());

        HttpResponse<String> response = browser.post("/console/login",
                Map.of("csrf", "forged", "name", "ada", "password", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Request refused");
        assertThat(browser.cookie(ConsoleCookies.SESSION)).isNull();
    }

    @Test
    void actionsWithoutTheSessionsCsrfTokenAreRefused() {
        ConsoleHttp browser = signedIn();
        seed.flow("flw_csrf", "acme", "carol", "files", "pending", System.currentTimeMillis());

        HttpResponse<String> missing = browser.post("/console/flows/flw_csrf/cancel", Map.of());
        HttpResponse<String> wrong = browser.post("/console/flows/flw_csrf/cancel", Map.of("csrf", "x".repeat(43)));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(missing.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(missing.body()).contains("Request refused").doesNotContain("Exception");
        assertSecurityHeaders(missing);
        assertThat(flowStatus("flw_csrf")).isEqualTo("pending");
        assertThat(auditCount("console.csrf_rejected", "DENIED")).isGreaterThanOrEqualTo(2);

        String token = ConsoleHttp.csrfOf(browser.get("/console/flows/flw_csrf").body());
        HttpResponse<String> done = browser.post("/console/flows/flw_csrf/cancel", Map.of("csrf", token));

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(flowStatus("flw_csrf")).isEqualTo("cancelled");
        assertThat(list("SELECT type FROM events WHERE flow_id = 'flw_csrf'"))
                .as("cancelled through the flow engine").containsExactly("assistant_mcp_auth");
        assertThat(list("SELECT actor FROM audit_log WHERE action = 'flow.cancel' AND target_id = 'flw_csrf'"))
                .as("audited once, as the operator").containsExactly("ada");
    }

    @Test
    void deletingAClientAndDisablingAWebhookGoThroughTheirServices() {
        ConsoleHttp browser = signedIn();
        long now = System.currentTimeMillis();
        seed.client("rc_del", "https://other-issuer.example.test", "dynamic", "client-del", null, now);
        seed.webhook("whk_off", "acme", "https://hooks.acme.test/in", now);
        String token = ConsoleHttp.csrfOf(browser.get("/console/clients").body());

        HttpResponse<String> deleted = browser.post("/console/clients/rc_del/delete", Map.of("csrf", token));
        HttpResponse<String> again = browser.post("/console/clients/rc_del/delete", Map.of("csrf", token));
        HttpResponse<String> disabled = browser.post("/console/webhooks/whk_off/disable", Map.of("csrf", token));

        assertThat(deleted.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("done=deleted"));
        assertThat(again.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("done=gone"));
        assertThat(list("SELECT id FROM registered_clients WHERE id = 'rc_del'")).isEmpty();
        assertThat(disabled.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("done=disabled"));
        assertThat(list("SELECT disabled_reason FROM webhooks WHERE id = 'whk_off' AND NOT enabled"))
                .containsExactly("disabled by operator ada");
        assertThat(browser.get("/console/webhooks/whk_off").body()).contains("disabled by operator ada")
                .doesNotContain("sealed-webhook-secret-never-shown");
        assertThat(list("SELECT action FROM audit_log WHERE actor_type = 'OPERATOR' AND actor = 'ada' "
                + "AND target_id IN ('rc_del', 'whk_off')")).as("each once, by the service")
                .containsExactlyInAnyOrder("client.delete", "webhook.disable");
    }

    @Test
    void aTokenFromAnotherSessionDoesNotWork() {
        ConsoleHttp first = signedIn();
        ConsoleHttp second = signedIn();
        seed.flow("flw_cross", "acme", "dave", "files", "pending", System.currentTimeMillis());
        String firstToken = ConsoleHttp.csrfOf(first.get("/console").body());

        assertThat(second.post("/console/flows/flw_cross/cancel", Map.of("csrf", firstToken)).statusCode())
                .isEqualTo(403);
        assertThat(flowStatus("flw_cross")).isEqualTo("pending");
    }

    @Test
    void hostileTextIsEscapedAndSecretsAreNeverRendered() {
        ConsoleHttp browser = signedIn();

        String list = browser.get("/console/flows").body();
        String detail = browser.get("/console/flows/flw_xss").body();
        String clients = browser.get("/console/clients").body();
        String connections = browser.get("/console/connections").body();

        for (String page : List.of(list, detail)) {
            assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(XSS);
        }
        assertThat(clients).contains("client-123").doesNotContain("SEALED-SECRET-VALUE");
        assertThat(connections).contains("alice").doesNotContain("sealed-token-material-never-shown");
    }

    @Test
    void theConnectionListShowsWhichConnectionsAreDPoPBound() {
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
        seed.connection("con_dpop", "acme", "bruno", "active", System.currentTimeMillis() - 500_000);
        jdbi.useHandle(h -> h.execute("UPDATE connections SET dpop_jkt = ? WHERE id = ?", jkt, "con_dpop"));

        String connections = signedIn().get("/console/connections").body();

        String bound = connections.substring(connections.indexOf("id=\"connection-con_dpop\""));
        assertThat(bound.substring(0, bound.indexOf("</tr>"))).contains("DPoP-bound", jkt);
        String bearer = connections.substring(connections.indexOf("id=\"connection-con_1\""));
        assertThat(bearer.substring(0, bearer.indexOf("</tr>"))).doesNotContain("DPoP-bound");
    }

    @Test
    void errorsAreReadablePagesNotJson() {
        ConsoleHttp browser = signedIn();

        HttpResponse<String> unknownFlow = browser.get("/console/flows/flw_nope");
        HttpResponse<String> unknownPage = browser.get("/console/nothing-here");
        HttpResponse<String> badCursor = browser.get("/console/flows?cursor=not-a-cursor");

        assertThat(unknownFlow.statusCode()).isEqualTo(404);
        assertThat(unknownFlow.body()).contains("The flow was not found.").contains("<html");
        assertThat(unknownPage.statusCode()).isEqualTo(404);
        assertThat(unknownPage.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(badCursor.statusCode()).isEqualTo(400);
        for (HttpResponse<String> r : List.of(unknownFlow, unknownPage, badCursor)) {
            assertThat(r.body()).doesNotContain("\"code\"", "at dev.latchkey", "Exception");
            assertSecurityHeaders(r);
        }
    }

    @Test
    void signOutEndsTheSessionEverywhere() {
        ConsoleHttp browser = signedIn();
        String session = browser.cookie(ConsoleCookies.SESSION);
        String token = ConsoleHttp.csrfOf(browser.get("/console").body());

        HttpResponse<String> out = browser.post("/console/logout", Map.of("csrf", token));

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(ConsoleHttp.setCookies(out)).anySatisfy(c -> assertThat(c)
                .startsWith(ConsoleCookies.SESSION + "=;").contains("Max-Age=0"));
        ConsoleHttp replay = new ConsoleHttp(APP.baseUrl());
        replay.setCookie(ConsoleCookies.SESSION, session);
        assertThat(replay.get("/console").statusCode()).as("the old cookie no longer works").isEqualTo(303);
        assertThat(auditCount("console.sign_out", "SUCCESS")).isPositive();
    }

    @Test
    void signInNeverRedirectsOffTheConsole() {
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        String token = ConsoleHttp.csrfOf(browser.get("/console/login?next=https://evil.example").body());

        HttpResponse<String> response = browser.post("/console/login", Map.of("csrf", token, "name", "ada",
                "password", PASSWORD, "next", "//evil.example/console"));

        assertThat(response.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l)
                .isEqualTo(APP.baseUrl() + "/console"));
    }

    @Test
    void theServersPageListsRegisteredServersWithTheirGatewayUrlsAndEscapesTheirNames() {
        ConsoleHttp browser = signedIn();

        String page = browser.get("/console/servers").body();

        assertThat(page).contains("href=\"/console/servers\" class=\"active\"", "id=\"servers-table\"",
                "&lt;script&gt;alert(1)&lt;/script&gt; tools", "https://tools.example.com/mcp",
                APP.baseUrl() + "/mcp/script-alert-1-script-tools").doesNotContain(XSS);
        assertThat(browser.get("/console/servers?tenant=acme&slug=script-alert-1-script-tools").body())
                .contains("https://tools.example.com/mcp");
        assertThat(browser.get("/console/servers?tenant=globex").body())
                .contains("No servers match these filters").doesNotContain("https://tools.example.com/mcp");
        assertThat(browser.get("/console").body()).contains("href=\"/console/servers\"");
    }

    @Test
    void theApiStillAuthenticatesWithApiKeys() {
        HttpResponse<String> response = new ConsoleHttp(APP.baseUrl()).get("/v1/whoami");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("content-security-policy")).isEmpty();
    }

    @Test
    void theStylesheetIsServedLocally() {
        HttpResponse<String> css = new ConsoleHttp(APP.baseUrl()).get("/console/static/latchkey.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).contains(".pill").doesNotContain("@import", "http://", "https://");
    }

    static ConsoleHttp signedIn() {
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        assertThat(browser.signIn("ada", PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        assertThat(response.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    private static String flowStatus(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM flows WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    private static List<String> list(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static long auditCount(String action, String outcome) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action = :a AND outcome = :o")
                .bind("a", action).bind("o", outcome).mapTo(Long.class).one());
    }
}
