package dev.latchkey.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the overview's stacked bar chart of flow outcomes per hour, computed here so the
 * template only writes {@code <rect>}s: an SVG inline in the page, no script, no style attributes.
 */
public record OutcomeChart(int width, int height, int plotTop, int plotBottom, long max, List<Bar> bars,
                           List<Label> labels, List<Series> legend) {

    static final List<String> ORDER = List.of("authorized", "failed", "expired", "cancelled", "pending");
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int LEFT = 40;
    private static final int TOP = 12;
    private static final int BOTTOM = 190;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One stacked segment; {@code title} is the hover text. */
    public record Bar(int x, int y, int width, int height, String status, String title) {
    }

    /** A text label at a position. */
    public record Label(int x, int y, String text) {
    }

    /** A legend entry with the total over the window. */
    public record Series(String status, long total) {
    }

    public static OutcomeChart of(List<OverviewQueries.HourCounts> hours) {
        long max = Math.max(1, hours.stream().mapToLong(OverviewQueries.HourCounts::total).max().orElse(0));
        int slot = (WIDTH - LEFT - 8) / Math.max(1, hours.size());
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            OverviewQueries.HourCounts hour = hours.get(i);
            int x = LEFT + i * slot + 2;
            int base = BOTTOM;
            for (String status : ORDER) {
                long n = hour.byStatus().getOrDefault(status, 0L);
                if (n == 0) {
                    continue;
                }
                int h = Math.max(1, (int) Math.round((double) n * (BOTTOM - TOP) / max));
                base -= h;
                bars.add(new Bar(x, base, slot - 4, h, status,
                        HOUR.format(Instant.ofEpochMilli(hour.start())) + " UTC: " + n + " " + status));
            }
            if (i % 4 == 0 || i == hours.size() - 1) {
                labels.add(new Label(x + (slot - 4) / 2, BOTTOM + 16, HOUR.format(Instant.ofEpochMilli(hour.start()))));
            }
        }
        List<Series> legend = ORDER.stream().map(status -> new Series(status, hours.stream()
                .mapToLong(h -> h.byStatus().getOrDefault(status, 0L)).sum())).toList();
        return new OutcomeChart(WIDTH, HEIGHT, TOP, BOTTOM, max, bars, labels, legend);
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - 8;
    }
}
