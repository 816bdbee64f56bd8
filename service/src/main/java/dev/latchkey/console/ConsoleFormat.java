package dev.latchkey.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console shows times and durations (UTC, and relative to now). */
public final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    public ConsoleFormat(Clock clock) {
        this.clock = clock;
    }

    public String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** "3 min ago", "in 2 h". */
    public String ago(long epochMillis) {
        long delta = clock.millis() - epochMillis;
        String span = span(Math.abs(delta));
        return delta >= 0 ? span + " ago" : "in " + span;
    }

    public String span(long millis) {
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " d";
    }

    /** A step's duration: milliseconds below ten seconds, else the coarser span. */
    public String duration(long millis) {
        return millis < 10_000 ? millis + " ms" : span(millis);
    }

    public long now() {
        return clock.millis();
    }
}
