package dev.latchkey.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
import dev.latchkey.testing.Axe;
import dev.latchkey.testing.Chromium;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import dev.latchkey.testkit.FakeProvider;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An operator's session in real headless Chromium, one step per test in order: sign in, read the
 * overview, filter flows, open a timeline, cancel, retry a delivery, revoke a connection, see a
 * forged form refused and a hostile subject stay inert, sign out. What the operator acts on is made
 * through the API against real loopback peers: a pending flow and a completed one (with its
 * connection) at {@link FakeProvider}, and a webhook whose endpoint answers 500, so the
 * delivery worker's first attempt really fails. Every page is screenshotted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = TempDirs.create("console-browser");
    // After the first failure the next attempt waits an hour: only "Retry now" brings it sooner.
    private static final TestApp APP = TestApp.h2(DIR).with("events.webhooks.retrySchedule[0]", "1h")
            .developmentLogin("{servers: [\"*\"], users: [\"*\"]}").with("authorizationServer.enabled", "true");
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "a long operator password";
    private static final String WEBHOOK_SECRET_QUERY = "token=hook-secret-in-query";

    private static Jdbi jdbi;
    private static ChromeDriver driver;
    private static FakeProvider as;
    private static LoopbackHttpServer endpoint;
    private static String apiKey;
    private static String pendingFlow;
    private static String connection;
    private static String failedDelivery;

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        jdbi = TestKeys.jdbi(EXT.getConfiguration());
        ConsoleDemoData.seed(new ConsoleFixtures(jdbi), System.currentTimeMillis());
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", PASSWORD.toCharArray());
        apiKey = TestKeys.create(jdbi, "acme");
        as = new FakeProvider();
        endpoint = new LoopbackHttpServer().route("/latchkey", r -> LoopbackHttpServer.Reply.json(500, "{}"));
        assertThat(api("/v1/webhooks", JSON.createObjectNode()
                .put("url", endpoint.origin() + "/latchkey?" + WEBHOOK_SECRET_QUERY)).statusCode()).isEqualTo(201);
        // The pending flow first, so that its timeline shows discovery and registration uncached.
        pendingFlow = startFlow("alice@acme.test").get("id").asText();
        connection = completedFlow("carol@acme.test").get("connectionId").asText();
        Await.until(Duration.ofSeconds(60), () -> failedDeliveryOf(pendingFlow).isPresent(),
                () -> "deliveries: " + jdbi.withHandle(h -> h.createQuery(
                        "SELECT status || ' ' || attempts FROM webhook_deliveries").mapTo(String.class).list()));
        failedDelivery = failedDeliveryOf(pendingFlow).orElseThrow();
        driver = Chromium.start(TempDirs.create("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (as != null) {
            as.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    @Order(1)
    void signsIn() {
        driver.get(APP.baseUrl() + "/console/flows");
        assertThat(driver.getCurrentUrl()).contains("/console/login");
        Chromium.screenshot(driver, "01-sign-in");

        driver.findElement(By.id("name")).sendKeys("ada");
        driver.findElement(By.id("password")).sendKeys("wrong password");
        driver.findElement(By.id("sign-in")).click();
        assertThat(waitFor(By.id("login-message")).getText()).contains("do not match");
        Chromium.screenshot(driver, "02-sign-in-refused");

        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.id("operator-name"));
        assertThat(driver.getCurrentUrl()).endsWith("/console/flows");
        assertThat(driver.findElement(By.id("operator-name")).getText()).isEqualTo("ada");
    }

    @Test
    @Order(2)
    void readsTheOverview() {
        driver.get(APP.baseUrl() + "/console");
        assertThat(driver.findElement(By.id("count-pending")).getText()).isNotEqualTo("0");
        assertThat(driver.findElements(By.cssSelector("#outcome-chart rect.bar"))).hasSizeGreaterThan(10);
        assertThat(driver.findElement(By.id("backlog-failed")).getText()).isEqualTo(single(
                "SELECT CAST(COUNT(*) AS VARCHAR(20)) FROM webhook_deliveries WHERE status = 'failed'"));
        assertThat(driver.findElement(By.id("backlog-failed")).getText()).isNotEqualTo("0");
        Chromium.screenshot(driver, "03-overview");
    }

    @Test
    @Order(3)
    void filtersFlowsAndOpensTheTimeline() {
        driver.get(APP.baseUrl() + "/console/flows");
        Chromium.screenshot(driver, "04-flows");
        driver.findElement(By.id("filter-subject")).sendKeys("alice@acme.test");
        new Select(driver.findElement(By.id("filter-status"))).selectByValue("pending");
        driver.findElement(By.id("apply-filters")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("status=pending"));

        List<WebElement> rows = driver.findElements(By.cssSelector("#flows-table tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(driver.getCurrentUrl()).contains("status=pending").contains("subject=alice%40acme.test");
        Chromium.screenshot(driver, "05-flows-filtered");

        rows.get(0).findElement(By.linkText("alice@acme.test")).click();
        waitFor(By.id("timeline"));
        assertThat(driver.getCurrentUrl()).endsWith("/console/flows/" + pendingFlow);
        String timeline = driver.findElement(By.id("timeline")).getText();
        assertThat(timeline).containsIgnoringCase("discovery").containsIgnoringCase("registration")
                .contains(as.origin() + "/.well-known/oauth-authorization-server", as.origin() + "/register")
                .doesNotContain("{", "[\"");
        assertThat(driver.findElement(By.id("flow-deliveries")).getText()).containsIgnoringCase("failed")
                .contains("500");
        Chromium.screenshot(driver, "06-flow-timeline");
    }

    @Test
    @Order(4)
    void aFormWithoutItsCsrfTokenIsRefused() {
        driver.get(APP.baseUrl() + "/console/flows/" + pendingFlow);
        driver.executeScript("document.querySelector('form[action$=\"/cancel\"] input[name=csrf]').remove()");
        driver.findElement(By.id("cancel-flow")).click();

        assertThat(waitFor(By.id("error-message")).getText()).contains("did not come from the console");
        assertThat(flowStatus()).isEqualTo("pending");
        Chromium.screenshot(driver, "07-csrf-refused");
    }

    @Test
    @Order(5)
    void cancelsThePendingFlow() {
        driver.get(APP.baseUrl() + "/console/flows/" + pendingFlow);
        driver.findElement(By.id("cancel-flow")).click();

        assertThat(notice().getText()).isEqualTo("The flow was cancelled.");
        assertThat(driver.findElements(By.id("cancel-flow"))).isEmpty();
        assertThat(flowStatus()).isEqualTo("cancelled");
        assertThat(single("SELECT type FROM events WHERE flow_id = '" + pendingFlow + "' AND seq = "
                + "(SELECT MAX(seq) FROM events WHERE flow_id = '" + pendingFlow + "')"))
                .as("the assistant is told through the flow engine's result event").isEqualTo("assistant_mcp_auth");
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("cancelled by operator ada");
        Chromium.screenshot(driver, "08-flow-cancelled");
    }

    @Test
    @Order(6)
    void retriesAFailedDelivery() {
        driver.get(APP.baseUrl() + "/console/webhooks");
        assertThat(driver.getPageSource()).doesNotContain(WEBHOOK_SECRET_QUERY);
        Chromium.screenshot(driver, "09-webhooks");
        driver.findElement(By.linkText(endpoint.origin() + "/latchkey")).click();
        waitFor(By.id("deliveries-table"));
        WebElement row = driver.findElement(By.id("delivery-" + failedDelivery));
        assertThat(row.getText()).containsIgnoringCase("failed").contains("500");
        assertThat(driver.findElement(By.id("attempts-" + failedDelivery)).getText()).contains("500");
        assertThat(driver.getPageSource()).doesNotContain(WEBHOOK_SECRET_QUERY);
        Chromium.screenshot(driver, "10-deliveries");
        String eventId = single("SELECT event_id FROM webhook_deliveries WHERE id = '" + failedDelivery + "'");

        row.findElement(By.xpath(".//button[normalize-space()='Retry now']")).click();

        assertThat(notice().getText()).contains("due now");
        Await.until(Duration.ofSeconds(60), () -> attempts(failedDelivery) >= 2,
                () -> "attempts: " + attempts(failedDelivery));
        assertThat(endpoint.received("/latchkey")).as("the worker really sent it again")
                .filteredOn(r -> eventId.equals(r.header("webhook-id"))).hasSizeGreaterThanOrEqualTo(2);
        driver.navigate().refresh();
        assertThat(driver.findElement(By.id("attempts-" + failedDelivery)).findElements(By.cssSelector("tbody tr")))
                .hasSizeGreaterThanOrEqualTo(2);
        Chromium.screenshot(driver, "10b-delivery-retried");
    }

    @Test
    @Order(7)
    void revokesAConnection() {
        driver.get(APP.baseUrl() + "/console/connections");
        Chromium.screenshot(driver, "11-connections");
        WebElement revoke = driver.findElement(By.id("connection-" + connection))
                .findElement(By.xpath(".//button[normalize-space()='Revoke']"));
        // A screen reader hears which row the button acts on, not a list of identical "Revoke"s.
        assertThat(revoke.getAccessibleName()).isEqualTo("Revoke the connection of carol@acme.test to "
                + single("SELECT server_slug FROM connections WHERE id = '" + connection + "'"));
        revoke.click();

        assertThat(notice().getText()).isEqualTo("The connection was revoked.");
        assertThat(driver.findElement(By.id("connection-" + connection)).getText()).containsIgnoringCase("revoked");
        assertThat(single("SELECT status FROM connections WHERE id = '" + connection + "'")).isEqualTo("revoked");
        assertThat(single("SELECT COUNT(*) FROM events WHERE type = 'connection_revoked' AND connection_id = '"
                + connection + "'")).isEqualTo("1");
        assertThat(as.count("/revoke")).as("RFC 7009 at the authorization server").isPositive();
        assertThat(single("SELECT last_error FROM connections WHERE id = '" + connection + "'"))
                .startsWith("disconnected by operator ada; revoked at the authorization server");
    }

    @Test
    @Order(8)
    void aHostileSubjectStaysText() {
        driver.get(APP.baseUrl() + "/console/flows?status=failed&subject="
                + java.net.URLEncoder.encode(ConsoleDemoData.XSS_SUBJECT, java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.findElement(By.linkText(ConsoleDemoData.XSS_SUBJECT)).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("filter-subject")).getAttribute("value")).isEqualTo(ConsoleDemoData.XSS_SUBJECT);
        Chromium.screenshot(driver, "12-xss-inert");
    }

    @Test
    @Order(9)
    void showsClientsPluginsAndTheAuditTrail() {
        driver.get(APP.baseUrl() + "/console/clients");
        assertThat(driver.findElement(By.id("clients-table")).getText().toLowerCase()).contains("dynamic", "cimd", "pre-registered");
        assertThat(driver.getPageSource()).doesNotContain("SEALED-SECRET-VALUE");
        Chromium.screenshot(driver, "13-clients");

        driver.get(APP.baseUrl() + "/console/plugins");
        String plugins = driver.findElement(By.id("plugins-table")).getText();
        assertThat(plugins).contains("github", "google", "slack", "microsoft", "built-in");
        Chromium.screenshot(driver, "14-plugins");

        driver.get(APP.baseUrl() + "/console/audit");
        String audit = driver.findElement(By.id("audit-table")).getText();
        assertThat(audit).contains("console.sign_in", "flow.cancel", "delivery.retry", "connection.revoke",
                "console.csrf_rejected");
        assertThat(single("""
                SELECT COUNT(*) FROM audit_log WHERE actor_type = 'OPERATOR' AND actor = 'ada'
                  AND action IN ('flow.cancel', 'delivery.retry', 'connection.revoke')""")).as("each once").isEqualTo("3");
        Chromium.screenshot(driver, "15-audit");
    }

    @Test
    @Order(10)
    void everyPageAnOperatorOrAUserSeesPassesAxe() throws Exception {
        Map<String, List<Axe.Violation>> found = new LinkedHashMap<>();
        String webhook = single("SELECT MIN(id) FROM webhooks");
        for (String page : List.of("/console", "/console/flows", "/console/flows/" + pendingFlow,
                "/console/flows?status=failed", "/console/webhooks", "/console/webhooks/" + webhook,
                "/console/connections", "/console/clients", "/console/servers", "/console/gateway-tokens",
                "/console/user-sessions", "/console/mcp-clients", "/console/mcp-grants", "/console/plugins",
                "/console/audit", "/console/flows/flw_does_not_exist",
                "/signin/end", "/signin?continue=/")) {
            driver.get(APP.baseUrl() + page);
            found.put(page, Axe.blocking(driver));
        }
        // The pages the user meets: the landing page, the callback's answers, an unknown link.
        driver.get(startFlow("zoe@acme.test").get("authorizationUrl").asText());
        found.put("landing page", Axe.blocking(driver));
        driver.findElement(By.id("continue")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/oauth/callback"));
        found.put("callback: connected", Axe.blocking(driver));
        driver.get(APP.baseUrl() + "/oauth/callback?state=forged&code=forged");
        found.put("callback: refused", Axe.blocking(driver));
        driver.get(APP.baseUrl() + "/connect/unknown-link");
        found.put("landing: unknown link", Axe.blocking(driver));
        // The authorization server's pages an MCP client's user meets: the sign-in, then the consent page.
        driver.get(consentRequest());
        found.put("sign-in choice", Axe.blocking(driver));
        driver.findElement(By.id("development-login")).click();
        waitFor(By.id("name"));
        found.put("development sign-in", Axe.blocking(driver));
        driver.findElement(By.id("name")).sendKeys("yuri");
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.name("decision"));
        found.put("consent page", Axe.blocking(driver));
        Chromium.screenshot(driver, "17-consent");
        driver.get(APP.baseUrl() + "/oauth/consents");
        found.put("your MCP clients", Axe.blocking(driver));
        found.values().removeIf(List::isEmpty);
        assertThat(found).as("serious or critical axe-core violations per page").isEmpty();
    }

    /** An authorization request of a freshly registered MCP client for a route of tenant default. */
    private static String consentRequest() {
        String key = AppDatabase.apiKey(jdbi, "default");
        HttpResponse<String> server = Http.post(APP.baseUrl() + "/v1/servers", key,
                "{\"url\":\"http://127.0.0.1:9/mcp\",\"name\":\"Notes\"}");
        assertThat(server.statusCode()).as(server.body()).isEqualTo(201);
        HttpResponse<String> client = Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/oauth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"Desk MCP client\",\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],"
                                + "\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        return APP.baseUrl() + "/oauth/authorize?" + Http.formBody(Map.of("response_type", "code", "client_id",
                Http.json(client).get("client_id").asText(), "redirect_uri", "http://127.0.0.1:9/cb", "resource",
                Http.json(server).get("gatewayUrl").asText(), "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256", "state", "s"));
    }

    @Test
    @Order(11)
    void signsOut() {
        driver.get(APP.baseUrl() + "/console");
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in"));
        assertThat(driver.getCurrentUrl()).contains("/console/login");
        assertThat(notice().getText()).isEqualTo("You have signed out.");
        Axe.assertAccessible(driver, "sign-in page");
        Chromium.screenshot(driver, "16-signed-out");

        driver.get(APP.baseUrl() + "/console/connections");
        assertThat(driver.getCurrentUrl()).contains("/console/login");
    }

    private static WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    /** Waits for the page an action redirects to, and returns its notice. */
    private static WebElement notice() {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".notice")));
    }

    private static String flowStatus() {
        return single("SELECT status FROM flows WHERE id = '" + pendingFlow + "'");
    }

    private static HttpResponse<String> api(String path, ObjectNode body) {
        return Http.post(APP.baseUrl() + path, apiKey, body.toString());
    }

    private static JsonNode startFlow(String subject) throws Exception {
        HttpResponse<String> started = api("/v1/flows", JSON.createObjectNode().put("serverUrl", as.mcpUrl())
                .put("subject", subject));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return JSON.readTree(started.body());
    }

    /** A flow the user completes at the authorization server: its connection is real. */
    private static JsonNode completedFlow(String subject) throws Exception {
        JsonNode flow = startFlow(subject);
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        JsonNode done = JSON.readTree(Http.get(APP.baseUrl() + "/v1/flows/" + flow.get("id").asText(), apiKey).body());
        assertThat(done.get("status").asText()).isEqualTo("authorized");
        return done;
    }

    /** The flow's first delivery once the worker's first attempt has failed. */
    private static Optional<String> failedDeliveryOf(String flowId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT d.id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
                        WHERE e.flow_id = :flow AND d.status = 'failed' AND d.attempts = 1""")
                .bind("flow", flowId).mapTo(String.class).findFirst());
    }

    private static int attempts(String deliveryId) {
        return Integer.parseInt(single("SELECT COUNT(*) FROM delivery_attempts WHERE delivery_id = '" + deliveryId + "'"));
    }

    private static String single(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
