package dev.latchkey.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.LatchkeyConfiguration;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

/**
 * An operator's session in real headless Chromium, one step per test in order: sign in, read the
 * overview, filter flows, open a timeline, cancel, retry a delivery, revoke a connection, see a
 * forged form refused and a hostile subject stay inert, sign out. Every page is screenshotted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Path DIR = TempDirs.create("console-browser");
    private static final TestApp APP = TestApp.h2(DIR);
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "a long operator password";

    private static Jdbi jdbi;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        Chromium.requireInstalled();
        jdbi = Jdbi.create(TestDatabases.h2Url(DIR), "latchkey", "");
        ConsoleDemoData.seed(new ConsoleFixtures(jdbi).withEventTables(), System.currentTimeMillis());
        new Operators(List.of(), jdbi, Clock.systemUTC()).add("ada", PASSWORD.toCharArray());
        driver = Chromium.start(TempDirs.create("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
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
        assertThat(driver.findElement(By.id("backlog-failed")).getText()).isEqualTo("1");
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
        assertThat(driver.getCurrentUrl()).endsWith("/console/flows/" + ConsoleDemoData.DEMO_FLOW);
        String timeline = driver.findElement(By.id("timeline")).getText();
        assertThat(timeline).containsIgnoringCase("discovery").containsIgnoringCase("registration").contains("142 ms",
                "https://auth.example.test/.well-known/oauth-authorization-server", "plugin: example-profile 0.1");
        Chromium.screenshot(driver, "06-flow-timeline");
    }

    @Test
    @Order(4)
    void aFormWithoutItsCsrfTokenIsRefused() {
        driver.get(APP.baseUrl() + "/console/flows/" + ConsoleDemoData.DEMO_FLOW);
        driver.executeScript("document.querySelector('form[action$=\"/cancel\"] input[name=csrf]').remove()");
        driver.findElement(By.id("cancel-flow")).click();

        assertThat(waitFor(By.id("error-message")).getText()).contains("did not come from the console");
        assertThat(flowStatus()).isEqualTo("pending");
        Chromium.screenshot(driver, "07-csrf-refused");
    }

    @Test
    @Order(5)
    void cancelsThePendingFlow() {
        driver.get(APP.baseUrl() + "/console/flows/" + ConsoleDemoData.DEMO_FLOW);
        driver.findElement(By.id("cancel-flow")).click();

        assertThat(notice().getText()).isEqualTo("The flow was cancelled.");
        assertThat(driver.findElements(By.id("cancel-flow"))).isEmpty();
        assertThat(flowStatus()).isEqualTo("cancelled");
        Chromium.screenshot(driver, "08-flow-cancelled");
    }

    @Test
    @Order(6)
    void retriesAFailedDelivery() {
        driver.get(APP.baseUrl() + "/console/webhooks");
        assertThat(driver.getPageSource()).doesNotContain(ConsoleDemoData.WEBHOOK_SECRET_QUERY);
        Chromium.screenshot(driver, "09-webhooks");
        driver.findElement(By.linkText("https://hooks.acme.test/latchkey")).click();
        waitFor(By.id("deliveries-table"));
        WebElement row = driver.findElement(By.id("delivery-" + ConsoleDemoData.FAILED_DELIVERY));
        assertThat(row.getText()).containsIgnoringCase("failed").contains("503", "HTTP 503 from the endpoint");
        Chromium.screenshot(driver, "10-deliveries");

        row.findElement(By.xpath(".//button[normalize-space()='Retry now']")).click();

        assertThat(notice().getText()).contains("due now");
        assertThat(driver.findElement(By.id("delivery-" + ConsoleDemoData.FAILED_DELIVERY)).getText()).containsIgnoringCase("pending");
        assertThat(single("SELECT state FROM deliveries WHERE id = 'dlv_failed'")).isEqualTo("pending");
    }

    @Test
    @Order(7)
    void revokesAConnection() {
        driver.get(APP.baseUrl() + "/console/connections");
        Chromium.screenshot(driver, "11-connections");
        driver.findElement(By.id("connection-" + ConsoleDemoData.CONNECTION))
                .findElement(By.xpath(".//button[normalize-space()='Revoke']")).click();

        assertThat(notice().getText()).isEqualTo("The connection was revoked.");
        assertThat(driver.findElement(By.id("connection-" + ConsoleDemoData.CONNECTION)).getText()).containsIgnoringCase("revoked");
        assertThat(single("SELECT status FROM connections WHERE id = '" + ConsoleDemoData.CONNECTION + "'"))
                .isEqualTo("revoked");
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
        assertThat(driver.findElement(By.cssSelector(".empty-title")).getText()).isEqualTo("No provider plugins are loaded");
        Chromium.screenshot(driver, "14-plugins");

        driver.get(APP.baseUrl() + "/console/audit");
        String audit = driver.findElement(By.id("audit-table")).getText();
        assertThat(audit).contains("console.sign_in", "console.flow.cancel", "console.delivery.retry",
                "console.connection.revoke", "console.csrf_rejected");
        Chromium.screenshot(driver, "15-audit");
    }

    @Test
    @Order(10)
    void signsOut() {
        driver.get(APP.baseUrl() + "/console");
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in"));
        assertThat(driver.getCurrentUrl()).contains("/console/login");
        assertThat(notice().getText()).isEqualTo("You have signed out.");
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
        return single("SELECT status FROM flows WHERE id = '" + ConsoleDemoData.DEMO_FLOW + "'");
    }

    private static String single(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
