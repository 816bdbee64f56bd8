package dev.latchkey.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own {@code promtool check metrics} (Debian package {@code prometheus}), found at
 * {@code $PROMTOOL}, on the PATH, or where {@code .ci/run} unpacks it ({@code .ci/tools/prometheus},
 * nothing installed or started). Missing, the test is skipped loudly on a developer machine and
 * fails in CI (CI=true).
 */
public final class Promtool {

    private final Path binary;

    private Promtool(Path binary) {
        this.binary = binary;
    }

    /** What promtool said: its exit code (0 clean, 3 lint problems only, 1 unreadable) and its output. */
    public record Check(int exitCode, String output) {
    }

    public static Promtool require() {
        Optional<Path> found = Optional.ofNullable(System.getenv("PROMTOOL")).map(Path::of).filter(Files::isExecutable)
                .or(Promtool::onPath)
                .or(() -> Optional.of(RepoRoot.get().resolve(".ci/tools/prometheus/usr/bin/promtool"))
                        .filter(Files::isExecutable));
        if (found.isEmpty()) {
            String why = "promtool is missing (Debian package prometheus; .ci/run unpacks it; or set PROMTOOL)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why);
            }
            System.err.println("SKIPPED (prerequisite missing): " + why);
            Assumptions.abort(why);
        }
        return new Promtool(found.get());
    }

    /** Runs {@code promtool check metrics} on an exposition. */
    public Check checkMetrics(String exposition) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "check", "metrics").redirectErrorStream(true)
                    .start();
            try (var in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish");
            }
            return new Check(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
