package dev.latchkey.testing;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.LatchkeyConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real application from the real config.yml, with test overrides: its own database and
 * keyring in a temporary folder, a free loopback port (so publicBaseUrl is known before start),
 * and egress to loopback allowed for local peers.
 */
public final class TestApp {

    private final List<ConfigOverride> overrides = new ArrayList<>();
    private final int port;

    private TestApp(Path dir, TestDatabases.Kind kind, String databaseUrl) {
        this.port = freePort();
        overrides.add(ConfigOverride.config("database.url", databaseUrl != null ? databaseUrl : TestDatabases.url(kind, dir)));
        if (kind == TestDatabases.Kind.POSTGRES) {
            overrides.add(ConfigOverride.config("database.user", "postgres"));
            overrides.add(ConfigOverride.config("database.password", "postgres"));
        }
        overrides.add(ConfigOverride.config("keyring.file", dir.resolve("keyring.json").toString()));
        overrides.add(ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(port)));
        overrides.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
        overrides.add(ConfigOverride.config("publicBaseUrl", "http://127.0.0.1:" + port));
        overrides.add(ConfigOverride.config("egress.allowPrivateNetworks", "true"));
    }

    public static TestApp h2(Path dir) {
        return new TestApp(dir, TestDatabases.Kind.H2, null);
    }

    public static TestApp of(TestDatabases.Kind kind, Path dir) {
        return new TestApp(dir, kind, null);
    }

    /** An instance on an existing database (e.g. a second instance on the same PostgreSQL). */
    public static TestApp on(TestDatabases.Kind kind, String databaseUrl, Path dir) {
        return new TestApp(dir, kind, databaseUrl);
    }

    public TestApp with(String key, String value) {
        overrides.add(ConfigOverride.config(key, value));
        return this;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public DropwizardAppExtension<LatchkeyConfiguration> extension() {
        return extension(LatchkeyApplication.class);
    }

    /** The app as a subclass, e.g. {@link LoopbackLatchkeyApplication} with a client that reaches local peers. */
    public DropwizardAppExtension<LatchkeyConfiguration> extension(Class<? extends LatchkeyApplication> app) {
        return new DropwizardAppExtension<>(app, RepoRoot.configYml().toString(),
                overrides.toArray(new ConfigOverride[0]));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
