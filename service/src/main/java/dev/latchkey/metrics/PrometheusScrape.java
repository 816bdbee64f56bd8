package dev.latchkey.metrics;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Prometheus scrape endpoint on the admin port ({@value #PATH}), in the text exposition format:
 * the JVM's metrics, everything Dropwizard's own registry holds (Jetty, Jersey's resources, the
 * database pool, log events) through the client's bridge under snake_case names, and Latchkey's
 * {@link DomainMetrics}.
 */
public final class PrometheusScrape {

    public static final String PATH = "/metrics/prometheus";

    private PrometheusScrape() {
    }

    /** Registers the exporters in a registry of this server's own and serves it; returns the domain metrics. */
    public static DomainMetrics install(Environment environment) {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        // Dropwizard's jvm.* gauges say what JvmMetrics says, under other names: exported once, by the client.
        DropwizardExports.builder().dropwizardRegistry(new SnakeCaseNames(environment.metrics()))
                .metricFilter((name, metric) -> !name.startsWith("jvm."))
                .register(registry);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping(PATH);
        return DomainMetrics.registeredIn(registry);
    }
}
