package dev.latchkey;

import com.codahale.metrics.health.HealthCheck;
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

    @Override
    public void serverStarted(Server server) {
        started = true;
    }

    @Override
    protected Result check() {
        return started ? Result.healthy() : Result.unhealthy("starting: migrations, keyring or rehearsal not done");
    }
}
