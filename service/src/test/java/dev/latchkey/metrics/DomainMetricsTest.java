package dev.latchkey.metrics;

import dev.latchkey.spi.RelaxationKind;
import dev.latchkey.testing.PrometheusText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainMetricsTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DomainMetrics metrics = DomainMetrics.registeredIn(registry);

    @Test
    void aClosedSetIsExportedAtZeroBeforeAnythingHappens() {
        PrometheusText scrape = scrape();

        assertThat(scrape.samples()).containsEntry("latchkey_token_fetches_total{outcome=\"fresh\"}", 0.0)
                .containsEntry("latchkey_refresh_single_flight_waits_total{where=\"lease\"}", 0.0)
                .containsEntry("latchkey_limit_refusals_total{limit=\"long_poll_waiters\"}", 0.0)
                .containsEntry("latchkey_egress_refused_total{reason=\"scheme\"}", 0.0)
                .containsEntry("latchkey_flows_started_total", 0.0);
    }

    @Test
    void aFailureCodeAnAuthorizationServerMadeUpIsCountedAsOther() {
        metrics.flowFailed("access_denied");
        metrics.flowFailed("made_up_by_a_server_acme_tenant_42");
        metrics.flowFailed("made_up_too");
        metrics.flowStartFailed("discovery_failed", Duration.ofMillis(30));

        PrometheusText scrape = scrape();

        assertThat(scrape.value("latchkey_flows_failed_total{code=\"access_denied\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_flows_failed_total{code=\"other\"}")).isEqualTo(2.0);
        assertThat(scrape.value("latchkey_flows_failed_total{code=\"discovery_failed\"}")).isEqualTo(1.0);
        assertThat(scrape.text()).doesNotContain("made_up");
    }

    @Test
    void eachCountMovesItsOwnSeries() {
        metrics.flowStarted(Duration.ofMillis(40));
        metrics.flowAuthorized();
        metrics.flowAbandoned(DomainMetrics.Abandoned.EXPIRED);
        metrics.singleFlightWaited(DomainMetrics.SingleFlightWait.IN_PROCESS);
        metrics.egressRefused(DomainMetrics.EgressRefusal.ADDRESS);
        metrics.pluginRelaxation(RelaxationKind.ASSUME_PKCE_S256);
        metrics.limitRefused(DomainMetrics.Limit.API_RATE);
        metrics.webhookAttempted(DomainMetrics.WebhookAttempt.FAILED);
        metrics.watchWebhookBacklog(() -> Optional.of(Duration.ofSeconds(90)));

        PrometheusText scrape = scrape();

        assertThat(scrape.value("latchkey_flow_start_duration_seconds_bucket{outcome=\"started\",le=\"0.05\"}"))
                .isEqualTo(1.0);
        assertThat(scrape.value("latchkey_flow_start_duration_seconds_bucket{outcome=\"started\",le=\"0.025\"}"))
                .isZero();
        assertThat(scrape.value("latchkey_flows_authorized_total")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_flows_abandoned_total{status=\"expired\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_refresh_single_flight_waits_total{where=\"in_process\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_egress_refused_total{reason=\"address\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_plugin_relaxations_total{kind=\"assume_pkce_s256\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_limit_refusals_total{limit=\"api_rate\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_webhook_attempts_total{outcome=\"failed\"}")).isEqualTo(1.0);
        assertThat(scrape.value("latchkey_webhook_backlog_age_seconds")).isEqualTo(90.0);
    }

    @Test
    void aBacklogThatCannotBeReadLeavesTheRestOfTheScrapeStanding() {
        metrics.watchWebhookBacklog(() -> {
            throw new IllegalStateException("the database is down");
        });
        metrics.flowAuthorized();

        PrometheusText scrape = scrape();

        assertThat(scrape.samples()).doesNotContainKey("latchkey_webhook_backlog_age_seconds");
        assertThat(scrape.value("latchkey_flows_authorized_total")).isEqualTo(1.0);
    }

    @Test
    void dropwizardNamesAreReadInSnakeCase() {
        assertThat(SnakeCaseNames.snakeCase("dev.latchkey.flow.store.FlowDao.bindBrowser"))
                .isEqualTo("dev.latchkey.flow.store.flow_dao.bind_browser");
        assertThat(SnakeCaseNames.snakeCase("io.dropwizard.jetty.MutableServletContextHandler.2xx-responses"))
                .isEqualTo("io.dropwizard.jetty.mutable_servlet_context_handler.2xx-responses");
    }

    private PrometheusText scrape() {
        return PrometheusText.of(registry);
    }
}
