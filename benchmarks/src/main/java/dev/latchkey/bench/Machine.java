package dev.latchkey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The machine, JDK, date and load a result was measured with. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        return "Measured " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19)
                + "Z on " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + " memory, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", load average at start " + loadAverage() + ".";
    }

    private static String memory() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", "");
            return Math.round(Long.parseLong(total) / 1024.0 / 1024.0) + " GiB";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
