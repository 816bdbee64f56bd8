package dev.latchkey.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Dropwizard's registry as the Prometheus bridge reads it, under snake_case names. Dropwizard names
 * metrics after Java classes and methods ({@code FlowDao.bindBrowser}); Prometheus's naming rules,
 * which promtool checks, want {@code flow_dao.bind_browser}. A view: every read goes to the
 * application's registry, nothing is copied or registered twice.
 */
final class SnakeCaseNames extends MetricRegistry {

    private static final Pattern WORD_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");

    private final MetricRegistry source;

    SnakeCaseNames(MetricRegistry source) {
        this.source = source;
    }

    static String snakeCase(String name) {
        return WORD_BOUNDARY.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SortedMap<String, Gauge> getGauges(MetricFilter filter) {
        return renamed(source.getGauges(filter));
    }

    @Override
    public SortedMap<String, Counter> getCounters(MetricFilter filter) {
        return renamed(source.getCounters(filter));
    }

    @Override
    public SortedMap<String, Histogram> getHistograms(MetricFilter filter) {
        return renamed(source.getHistograms(filter));
    }

    @Override
    public SortedMap<String, Meter> getMeters(MetricFilter filter) {
        return renamed(source.getMeters(filter));
    }

    @Override
    public SortedMap<String, Timer> getTimers(MetricFilter filter) {
        return renamed(source.getTimers(filter));
    }

    private static <T> SortedMap<String, T> renamed(SortedMap<String, T> metrics) {
        SortedMap<String, T> out = new TreeMap<>();
        // Two names that differ only in case would meet: the first is kept, as the bridge keeps one per name.
        metrics.forEach((name, metric) -> out.putIfAbsent(snakeCase(name), metric));
        return out;
    }
}
