package dev.latchkey.testing;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scrape of a Prometheus endpoint in the text format, read as samples keyed the way the
 * exposition writes them: {@code name} or {@code name{label="value"}}.
 */
public record PrometheusText(String text, Map<String, Double> samples) {

    public static PrometheusText scrape(String url) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return parse(response.body());
    }

    /** What a registry would answer a scrape with now. */
    public static PrometheusText of(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
        }
        return new PrometheusText(text, Map.copyOf(samples));
    }

    /** The sample's value; 0 when the series is not (yet) there. */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** How much {@code series} moved since {@code before}. */
    public double since(PrometheusText before, String series) {
        return value(series) - before.value(series);
    }
}
