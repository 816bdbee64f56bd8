package dev.latchkey;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.health.ShutdownNotifier;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;

/**
 * Healthy once the server has started: Jetty starts its connectors only after the application,
 * so by then the database is migrated, the keyring loaded and the start-up rehearsal done. The
 * readiness check a load balancer asks ({@code /health-check}) holds this instance back until then.
 */
final class ServingCheck extends HealthCheck implements ServerLifecycleListener {

    static final String NAME = "serving";

    private volatile boolean started;

    /**
     * Registers the check; in a process of its own ({@code stopsOnSignal}) SIGTERM and SIGINT first drop
     * readiness for {@code health.shutdownWaitPeriod}, then stop the server ({@link StopOnSignal}).
     */
    static void install(Environment environment, boolean stopsOnSignal) {
        ServingCheck serving = new ServingCheck();
        environment.healthChecks().register(NAME, serving);
        environment.lifecycle().addServerLifecycleListener(serving);
        if (stopsOnSignal) {
            environment.lifecycle().addServerLifecycleListener(new StopOnSignal(readiness(environment)));
        }
    }

    /** Dropwizard's health manager, which drops readiness and waits when told; none without a {@code health:} section. */
    private static ShutdownNotifier readiness(Environment environment) {
        try {
            return environment.health().healthStateAggregator() instanceof ShutdownNotifier notifier
                    ? notifier : () -> { };
        } catch (IllegalStateException noHealthConfigured) {
            return () -> { };
        }
    }

    @Override
    public void serverStarted(Server server) {
        started = true;
    }

    @Override
    protected Result check() {
        return started ? Result.healthy() : Result.unhealthy("starting: migrations, keyring or rehearsal not done");
    }
}
