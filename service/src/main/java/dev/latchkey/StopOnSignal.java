package dev.latchkey;

import io.dropwizard.health.ShutdownNotifier;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * On SIGTERM or SIGINT, first reports the instance not ready and waits {@code health.shutdownWaitPeriod}
 * (Dropwizard's delayed shutdown, so a load balancer stops sending requests while the listener still
 * accepts them), then stops the server (drain requests, then the background jobs, then the
 * database pool) before the JVM runs its shutdown hooks. The embedded H2 closes its database from
 * a hook of its own, which ran beside Jetty's and closed the database under requests and jobs still
 * draining ("Database is already closed"); H2 cannot be told to leave that to the pool while
 * {@code AUTO_SERVER} is on, as on the embedded default. A second signal exits at once.
 */
final class StopOnSignal implements ServerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ShutdownNotifier readiness;

    /** {@code readiness}: Dropwizard's health manager, which drops readiness and waits when told. */
    StopOnSignal(ShutdownNotifier readiness) {
        this.readiness = readiness;
    }

    @Override
    public void serverStarted(Server server) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> onSignal(server, 128 + signal.getNumber()));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (-Xrs): its shutdown hooks stop the server as before.
                LOG.info("SIG{} stays with the JVM: {}", name, e.getMessage());
            }
        }
    }

    private void onSignal(Server server, int exitStatus) {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("Stopping: readiness is down; requests are still served until the delay ends");
            try {
                readiness.notifyShutdownStarted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("the delayed shutdown failed: {}", e.toString());
            }
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("stopping the server failed: {}", e.toString());
            }
        }
        // The status a JVM ends with when a signal ends it; the remaining shutdown hooks run now.
        System.exit(exitStatus);
    }
}
