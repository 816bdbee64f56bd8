package dev.latchkey.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What Latchkey itself did, counted for Prometheus: flows, token hand-outs and refreshes, webhook
 * deliveries, refused egress, plugin relaxations, limit refusals, people signing in and the tokens its
 * authorization server issues. Every label value comes from a
 * small closed set — an enum of this class, or a flow failure code mapped by {@link FailureCodes} —
 * so no label ever carries a tenant, subject, URL, id or secret, and no caller can grow the series.
 */
public final class DomainMetrics {

    /** How a token request was answered. */
    public enum TokenFetch { FRESH, REFRESHED, FAILED }

    /** How one call to the token endpoint with a refresh token ended. */
    public enum RefreshOutcome {
        SUCCESS,
        /** The authorization server refused the grant: the user must authorize again. */
        REJECTED,
        /** A network error or a 5xx: retried after a pause. */
        UNAVAILABLE,
        /** Re-authorized or disconnected meanwhile: the result was not stored. */
        SUPERSEDED
    }

    /** How a caller waited for a refresh someone else was making. */
    public enum SingleFlightWait {
        /** Joined the refresh another request of this process was making. */
        IN_PROCESS,
        /** Polled the connection's refresh lease, held by another instance (or by a refresh just finished). */
        LEASE
    }

    /** How one webhook delivery attempt ended. */
    public enum WebhookAttempt { DELIVERED, FAILED, GONE }

    /** Why an outbound request was refused before it left. */
    public enum EgressRefusal { ADDRESS, SCHEME }

    /** Which limit refused a request. */
    public enum Limit { API_RATE, BROWSER_RATE, FLOW_STARTS, LONG_POLL_WAITERS }

    /** How a flow that did not fail ended without authorization. */
    public enum Abandoned { EXPIRED, CANCELLED }

    /** How a person's sign-in (at an identity provider, or the development login) ended. */
    public enum SignIn { SIGNED_IN, REFUSED }

    /** The grant Latchkey's authorization server answered with tokens. */
    public enum IssuedBy { AUTHORIZATION_CODE, REFRESH_TOKEN }

    /** What was presented a second time at Latchkey's authorization server: its grant is revoked. */
    public enum Reuse { CODE, REFRESH_TOKEN }

    private final PrometheusRegistry registry;
    private final Counter flowsStarted;
    private final Counter flowsAuthorized;
    private final Counter flowsFailed;
    private final Counter flowsAbandoned;
    private final Histogram flowStartDuration;
    private final Counter tokenFetches;
    private final Counter refreshes;
    private final Counter singleFlightWaits;
    private final Counter webhookAttempts;
    private final Counter webhookDead;
    private final Counter egressRefused;
    private final Counter pluginRelaxations;
    private final Counter limitRefusals;
    private final Counter signIns;
    private final Counter tokensIssued;
    private final Counter reuseDetected;

    private DomainMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        flowsStarted = counter("latchkey_flows_started", "Flows started: a pending flow and its link handed out");
        flowsAuthorized = counter("latchkey_flows_authorized", "Flows that ended authorized, with a connection");
        flowsFailed = counter("latchkey_flows_failed", "Flows that ended failed, at the start or at the callback, by "
                + "failure code (codes outside Latchkey's and OAuth's own lists count as other)", "code");
        flowsAbandoned = counter("latchkey_flows_abandoned", "Flows that ended without an answer: expired or cancelled",
                "status");
        flowStartDuration = Histogram.builder().name("latchkey_flow_start_duration_seconds")
                .help("Time to answer a flow start (discovery, client, the pending flow's writes), by outcome")
                .unit(Unit.SECONDS).classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20)
                .labelNames("outcome").register(registry);
        tokenFetches = counter("latchkey_token_fetches", "Access tokens asked for, by outcome: handed out as stored, "
                + "refreshed first, or failed", "outcome");
        refreshes = counter("latchkey_token_refreshes", "Refresh-token grants sent to an authorization server, by "
                + "outcome", "outcome");
        singleFlightWaits = counter("latchkey_refresh_single_flight_waits", "Token requests that waited for a refresh "
                + "already under way: joined in this process, or polling the refresh lease another instance holds",
                "where");
        webhookAttempts = counter("latchkey_webhook_attempts", "Webhook delivery attempts, by outcome (gone: the "
                + "receiver answered 410)", "outcome");
        webhookDead = counter("latchkey_webhook_deliveries_dead", "Webhook deliveries given up: retries exhausted, "
                + "receiver gone, webhook or event deleted");
        egressRefused = counter("latchkey_egress_refused", "Outbound requests refused before they left, by reason (a "
                + "forbidden address or scheme)", "reason");
        pluginRelaxations = counter("latchkey_plugin_relaxations", "Departures from the MCP authorization spec that "
                + "provider plugins declared, by kind", "kind");
        limitRefusals = counter("latchkey_limit_refusals", "Requests refused by a rate or concurrency limit, by limit",
                "limit");
        signIns = counter("latchkey_user_sign_ins", "People signing in at the identity providers or the development "
                + "login, by outcome", "outcome");
        tokensIssued = counter("latchkey_oauth_tokens_issued", "Access tokens Latchkey's authorization server issued "
                + "to MCP clients, by grant", "grant");
        reuseDetected = counter("latchkey_oauth_reuse_detected", "Authorization codes and refresh tokens presented a "
                + "second time at Latchkey's authorization server (their grant revoked), by kind", "kind");
        initialise();
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    /** The domain metrics, registered in {@code registry} (the one the scrape endpoint exports). */
    public static DomainMetrics registeredIn(PrometheusRegistry registry) {
        return new DomainMetrics(registry);
    }

    /** Counted but exported nowhere: for parts built without a scrape endpoint (tests, the start-up rehearsal). */
    public static DomainMetrics unexported() {
        return new DomainMetrics(new PrometheusRegistry());
    }

    /** Every series of a closed set at zero, so a rate is defined before the first event. */
    private void initialise() {
        for (TokenFetch value : TokenFetch.values()) {
            tokenFetches.labelValues(label(value));
        }
        for (RefreshOutcome value : RefreshOutcome.values()) {
            refreshes.labelValues(label(value));
        }
        for (SingleFlightWait value : SingleFlightWait.values()) {
            singleFlightWaits.labelValues(label(value));
        }
        for (WebhookAttempt value : WebhookAttempt.values()) {
            webhookAttempts.labelValues(label(value));
        }
        for (EgressRefusal value : EgressRefusal.values()) {
            egressRefused.labelValues(label(value));
        }
        for (Limit value : Limit.values()) {
            limitRefusals.labelValues(label(value));
        }
        for (Abandoned value : Abandoned.values()) {
            flowsAbandoned.labelValues(label(value));
        }
        for (SignIn value : SignIn.values()) {
            signIns.labelValues(label(value));
        }
        for (IssuedBy value : IssuedBy.values()) {
            tokensIssued.labelValues(label(value));
        }
        for (Reuse value : Reuse.values()) {
            reuseDetected.labelValues(label(value));
        }
        flowStartDuration.labelValues("started");
        flowStartDuration.labelValues("failed");
    }

    /** A flow start answered with a link, after {@code took}. */
    public void flowStarted(Duration took) {
        flowsStarted.inc();
        flowStartDuration.labelValues("started").observe(seconds(took));
    }

    /** A flow start that failed (the flow is recorded as failed with {@code code}), after {@code took}. */
    public void flowStartFailed(String code, Duration took) {
        flowsFailed.labelValues(FailureCodes.label(code)).inc();
        flowStartDuration.labelValues("failed").observe(seconds(took));
    }

    public void flowAuthorized() {
        flowsAuthorized.inc();
    }

    /** A pending flow that ended failed with {@code code}. */
    public void flowFailed(String code) {
        flowsFailed.labelValues(FailureCodes.label(code)).inc();
    }

    public void flowAbandoned(Abandoned how) {
        flowsAbandoned.labelValues(label(how)).inc();
    }

    public void tokenFetched(TokenFetch outcome) {
        tokenFetches.labelValues(label(outcome)).inc();
    }

    public void refreshed(RefreshOutcome outcome) {
        refreshes.labelValues(label(outcome)).inc();
    }

    public void singleFlightWaited(SingleFlightWait where) {
        singleFlightWaits.labelValues(label(where)).inc();
    }

    public void webhookAttempted(WebhookAttempt outcome) {
        webhookAttempts.labelValues(label(outcome)).inc();
    }

    public void webhookDead() {
        webhookDead.inc();
    }

    public void egressRefused(EgressRefusal reason) {
        egressRefused.labelValues(label(reason)).inc();
    }

    /** A relaxation a plugin declared; {@code kind} is the SPI's closed {@code RelaxationKind}. */
    public void pluginRelaxation(Enum<?> kind) {
        pluginRelaxations.labelValues(label(kind)).inc();
    }

    public void limitRefused(Limit limit) {
        limitRefusals.labelValues(label(limit)).inc();
    }

    public void signIn(SignIn outcome) {
        signIns.labelValues(label(outcome)).inc();
    }

    public void tokensIssued(IssuedBy grant) {
        tokensIssued.labelValues(label(grant)).inc();
    }

    public void reuseDetected(Reuse kind) {
        reuseDetected.labelValues(label(kind)).inc();
    }

    /**
     * The webhook backlog's age, read at each scrape: how long the oldest delivery that is due has
     * waited past its time (empty: none is due). Call once.
     */
    public void watchWebhookBacklog(Supplier<Optional<Duration>> oldestDueWait) {
        GaugeWithCallback.builder().name("latchkey_webhook_backlog_age_seconds")
                .help("How long the oldest due webhook delivery has waited past its time; 0 when none is due")
                .unit(Unit.SECONDS)
                .callback(callback -> {
                    try {
                        callback.call(oldestDueWait.get().map(DomainMetrics::seconds).orElse(0.0));
                    } catch (RuntimeException databaseDidNotAnswer) {
                        // No sample this scrape rather than a wrong one, and the rest of the scrape still answers.
                    }
                })
                .register(registry);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
