package dev.latchkey.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A markdown report: the machine and date first, then sections; written to benchmarks/results. */
public final class Report {

    private final String title;
    /** The machine, the time and the load average when the run began (not when it is written). */
    private final String machine;
    private final List<String> lines = new ArrayList<>();

    public Report(String title) {
        this.title = title;
        this.machine = Machine.describe();
    }

    public Report line(String text) {
        lines.add(text);
        System.out.println(text);
        return this;
    }

    public Report table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        rows.forEach(row -> line("| " + String.join(" | ", row) + " |"));
        return line("");
    }

    /** Writes {@code <dir>/<name>-<timestamp>.md} and returns its path. */
    public Path write(Path dir, String name) {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = dir.resolve(name + "-" + stamp + ".md");
        List<String> all = new ArrayList<>();
        all.add("# " + title);
        all.add("");
        all.add(machine);
        all.add("");
        all.addAll(lines);
        try {
            Files.createDirectories(dir);
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("Results written to " + file.toAbsolutePath());
        return file;
    }

    public static String ratio(double numerator, double denominator) {
        return String.format("%.2f", numerator / denominator);
    }

    public static String fixed(double value, int decimals) {
        return String.format("%." + decimals + "f", value);
    }
}
