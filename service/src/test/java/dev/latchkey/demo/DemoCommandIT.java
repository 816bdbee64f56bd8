package dev.latchkey.demo;

import dev.latchkey.testing.Await;
import dev.latchkey.testing.Chromium;
import dev.latchkey.testing.LatchkeyJar;
import dev.latchkey.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar service/target/latchkey.jar demo}, run as the README says, with a person in
 * headless Chromium: they open the printed link, sign in on the demo page, and the demo's tool call
 * succeeds with the connection; the console shows the connection to the printed operator.
 */
class DemoCommandIT {

    private static final Pattern LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/connect/\\S+)");
    private static final Pattern OPERATOR = Pattern.compile("operator: demo\\s+password: (\\S+)");

    @Test
    void aPersonSignsInOnTheDemoPageAndTheDemoCallsTheToolWithTheConnection() throws Exception {
        Chromium.requireInstalled();
        Path dir = TempDirs.create("demo");
        Map<String, String> env = new HashMap<>(LatchkeyJar.ports());
        env.put("LATCHKEY_SHUTDOWN_WAIT", "0s");
        env.put("LATCHKEY_PUBLIC_BASE_URL", "http://127.0.0.1:" + env.get("LATCHKEY_PORT"));
        try (LatchkeyJar demo = LatchkeyJar.spawnWithRepositoryConfig(dir, env, "demo")) {
            Await.until(Duration.ofSeconds(120), () -> LINK.matcher(demo.log()).find() || !demo.process().isAlive(),
                    demo::log);
            Matcher link = LINK.matcher(demo.log());
            assertThat(link.find()).as(demo.log()).isTrue();
            Matcher operator = OPERATOR.matcher(demo.log());
            assertThat(operator.find()).isTrue();
            assertThat(dir.resolve("demo-data/latchkey.mv.db")).exists();

            ChromeDriver browser = Chromium.start(TempDirs.create("demo-chromium"));
            try {
                browser.get(link.group(1));
                // Latchkey's landing page says who asks for what; the person continues to the sign-in.
                assertThat(browser.getPageSource()).contains("demo-user");
                browser.findElement(By.id("continue")).click();
                Await.until(Duration.ofSeconds(30), () -> !browser.findElements(By.id("allow")).isEmpty(),
                        browser::getPageSource);
                assertThat(browser.getPageSource()).contains("Demo authorization server").contains("demo.read");
                browser.findElement(By.id("allow")).click();
                Await.until(Duration.ofSeconds(30), () -> browser.getCurrentUrl().contains("/oauth/callback"),
                        browser::getCurrentUrl);
                Await.until(Duration.ofSeconds(30), () -> demo.log().contains("whoami -> "), demo::log);
                assertThat(demo.log()).contains("whoami -> Hello, demo-user! The demo MCP server accepted");

                browser.get(demo.baseUrl() + "/console/login");
                browser.findElement(By.id("name")).sendKeys("demo");
                browser.findElement(By.id("password")).sendKeys(operator.group(1));
                browser.findElement(By.id("sign-in")).click();
                Await.until(Duration.ofSeconds(30), () -> !browser.findElements(By.id("operator-name")).isEmpty(),
                        browser::getPageSource);
                browser.get(demo.baseUrl() + "/console/connections");
                assertThat(browser.getPageSource()).contains("demo-user");
                Chromium.screenshot(browser, "demo-console-connections");
            } finally {
                browser.quit();
            }
            // Secrets printed once to the person are never in the log lines.
            assertThat(demo.log().lines().filter(line -> line.contains("INFO") || line.contains("WARN"))
                    .noneMatch(line -> line.contains(operator.group(1)))).isTrue();
        }
    }
}
