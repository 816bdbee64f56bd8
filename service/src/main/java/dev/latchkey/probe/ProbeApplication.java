package dev.latchkey.probe;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.LatchkeyConfiguration;
import io.dropwizard.core.setup.Environment;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Server;

/**
 * The real application, started in-process by the probe: it only hands back the started Jetty
 * server (so the probe can stop it) and reports a fatal start error instead of exiting the JVM.
 */
final class ProbeApplication extends LatchkeyApplication {

    private final CompletableFuture<Server> started = new CompletableFuture<>();
    private LatchkeyConfiguration configuration;

    @Override
    public void run(LatchkeyConfiguration config, Environment environment) {
        this.configuration = config;
        super.run(config, environment);
        environment.lifecycle().addServerLifecycleListener(started::complete);
    }

    @Override
    protected void onFatalError(Throwable t) {
        started.completeExceptionally(t);
        throw new IllegalStateException("the in-process Latchkey did not start: " + t.getMessage(), t);
    }

    /** The started server, or {@code null} when the application did not start. */
    Server server() {
        return started.getNow(null);
    }

    LatchkeyConfiguration configuration() {
        return configuration;
    }
}
