package dev.latchkey.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (npm, src/peers) run in the page a real browser shows: the WCAG 2.x A and AA rules and
 * best practices. A page passes with no serious or critical violation. A missing axe-core skips
 * loudly on a developer machine and fails in CI.
 */
public final class Axe {

    private static final Set<String> BLOCKING = Set.of("serious", "critical");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(result => done(JSON.stringify(result.violations.map(v => ({id: v.id, impact: v.impact,
                  help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: '
                  + n.failureSummary.replace(/\\s+/g, ' ')) })))))
              .catch(error => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(error),
                  targets: []}])));
            """;

    private Axe() {
    }

    /** A rule the page breaks, with up to five of the elements that break it. */
    public record Violation(String id, String impact, String help, List<String> targets) {
    }

    /** Fails with every serious or critical violation on the page the driver shows now. */
    public static void assertAccessible(WebDriver driver, String page) {
        assertThat(blocking(driver)).as("axe-core on %s (%s)", page, driver.getCurrentUrl()).isEmpty();
    }

    /** The serious and critical violations on the page the driver shows now. */
    public static List<Violation> blocking(WebDriver driver) {
        return violations(driver).stream().filter(v -> BLOCKING.contains(v.impact())).toList();
    }

    public static List<Violation> violations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        js.executeScript(source());
        try {
            List<Violation> found = new ArrayList<>();
            for (JsonNode v : JSON.readTree((String) js.executeAsyncScript(RUN))) {
                List<String> targets = new ArrayList<>();
                v.path("targets").forEach(t -> targets.add(t.asText()));
                found.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(),
                        targets));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String source() {
        Path script = RepoRoot.get().resolve("src/peers/node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(script)) {
            String message = "axe-core is missing: npm ci --prefix src/peers";
            System.err.println("*** " + message + " ***");
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        try {
            return Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
