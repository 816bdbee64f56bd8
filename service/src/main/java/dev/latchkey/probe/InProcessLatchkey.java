package dev.latchkey.probe;

import io.dropwizard.db.DataSourceFactory;
import org.eclipse.jetty.server.Server;

/**
 * Starts the real application inside this process. The composition root supplies it, so the probe
 * drives Latchkey without naming the application that registers the probe.
 */
@FunctionalInterface
public interface InProcessLatchkey {

    /** Runs {@code server configFile}; a start that fails throws instead of exiting the JVM. */
    Started start(String configFile) throws Exception;

    /** The started Jetty server (to stop it) and the database the application runs on. */
    record Started(Server server, DataSourceFactory database) {
    }
}
