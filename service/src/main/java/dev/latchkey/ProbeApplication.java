package dev.latchkey;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.InProcessLatchkey;
import io.dropwizard.core.setup.Environment;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Server;

/**
 * The real application, started in-process for the probe ({@link InProcessLatchkey}): it hands back
 * the started Jetty server (so the probe can stop it) and reports a fatal start error instead of
 * exiting the JVM.
 */
public final class ProbeApplication extends LatchkeyApplication {

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

    /** {@link InProcessLatchkey} for the probe command: a new application per start. */
    public static InProcessLatchkey.Started startInProcess(String configFile) throws Exception {
        ProbeApplication application = new ProbeApplication();
        application.run("server", configFile);
        Server server = application.started.getNow(null);
        if (server == null) {
            throw new IllegalStateException("the in-process Latchkey did not start");
        }
        return new InProcessLatchkey.Started(server, application.configuration.getDatabase());
    }
}
