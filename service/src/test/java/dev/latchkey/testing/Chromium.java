package dev.latchkey.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium under Selenium; missing Chromium fails loudly on CI and skips loudly elsewhere. */
public final class Chromium {

    public static final File BINARY = new File("/usr/bin/chromium");
    public static final File DRIVER = new File("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    public static void requireInstalled() {
        if (BINARY.canExecute() && DRIVER.canExecute()) {
            return;
        }
        String message = "Chromium browser tests need /usr/bin/chromium and /usr/bin/chromedriver: "
                + "apt-get install -y chromium chromium-driver";
        System.err.println("*** " + message + " ***");
        if (System.getenv("CI") != null) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    public static ChromeDriver start(Path profileDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    public static void screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(TakesScreenshot driver) {
        return driver.getScreenshotAs(OutputType.BYTES);
    }
}
