package dev.latchkey.testing;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
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
    /** The key of each override, by position: of two overrides of one key, which wins is not defined. */
    private final List<String> keys = new ArrayList<>();
    private final List<String> preRegistered = new ArrayList<>();
    private final List<String> clientCredentials = new ArrayList<>();
    private final List<String> identityProviders = new ArrayList<>();
    private final List<String> developmentAccess = new ArrayList<>();
    private final Path dir;
    private final int port;

    private TestApp(Path dir, TestDatabases.Kind kind, String databaseUrl) {
        this.dir = dir;
        this.port = freePort();
        with("database.url", databaseUrl != null ? databaseUrl : TestDatabases.url(kind, dir));
        if (kind == TestDatabases.Kind.POSTGRES) {
            with("database.user", "postgres");
            with("database.password", "postgres");
        }
        with("keyring.file", dir.resolve("keyring.json").toString());
        with("server.applicationConnectors[0].port", String.valueOf(port));
        with("server.adminConnectors[0].port", "0");
        with("publicBaseUrl", "http://127.0.0.1:" + port);
        with("egress.allowPrivateNetworks", "true");
        // Two rounds: the rehearsal runs as in production (StartupRehearsalTest), without the JIT's share.
        with("flows.rehearsalRounds", "2");
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

    /** Sets {@code key}, replacing an override of it made before (e.g. publicBaseUrl for a second instance). */
    public TestApp with(String key, String value) {
        ConfigOverride override = ConfigOverride.config(key, value);
        int earlier = keys.indexOf(key);
        if (earlier >= 0) {
            overrides.set(earlier, override);
        } else {
            overrides.add(override);
            keys.add(key);
        }
        return this;
    }

    /**
     * Public links on https, as behind a TLS front, while the connector still serves plain http on
     * loopback.
     */
    public TestApp behindHttps() {
        return with("publicBaseUrl", "https://127.0.0.1:" + port);
    }

    /** A pre-registered client (lists cannot be grown by overrides, so this edits a copy of config.yml). */
    public TestApp preRegistered(String issuer, String clientId, String clientSecret, String authMethod) {
        preRegistered.add("    - issuer: \"" + issuer + "\"\n      clientId: \"" + clientId + "\"\n"
                + "      clientSecret: \"" + clientSecret + "\"\n      tokenEndpointAuthMethod: " + authMethod + "\n");
        return this;
    }

    /**
     * A client-credentials client ({@code registration.clientCredentials}); {@code secretOrJwk} is the secret
     * for {@code client_secret_basic}, the private JWK (JSON) for {@code private_key_jwt}.
     */
    public TestApp clientCredentials(String tenant, String serverUrl, String clientId, String authMethod,
                                     String secretOrJwk, String scope) {
        String credential = authMethod.equals("private_key_jwt") ? "privateKey" : "clientSecret";
        clientCredentials.add("    - tenant: \"" + tenant + "\"\n      serverUrl: \"" + serverUrl + "\"\n"
                + "      clientId: \"" + clientId + "\"\n      authMethod: " + authMethod + "\n"
                + "      " + credential + ": '" + secretOrJwk + "'\n      scopes: [\"" + scope + "\"]\n");
        return this;
    }

    /**
     * An identity provider users sign in at ({@code signIn.identityProviders}), serving tenant default;
     * {@code access} is YAML flow lists of rules, e.g. {@code {servers: [notes], users: [alice]}}.
     */
    public TestApp identityProvider(String name, String issuer, String clientId, String clientSecret,
                                    String users, String... access) {
        identityProviders.add("    - name: " + name + "\n      issuer: \"" + issuer + "\"\n      clientId: \"" + clientId
                + "\"\n      clientSecret: '" + clientSecret + "'\n      users: " + users + "\n      access: ["
                + String.join(", ", access) + "]\n");
        return this;
    }

    /**
     * The development login on, for tenant default, with these access rules (YAML flow maps, e.g.
     * {@code {servers: ["*"], users: ["*"]}}): a config.yml copy, as lists cannot be grown by overrides.
     */
    public TestApp developmentLogin(String... access) {
        with("signIn.developmentLogin.enabled", "true");
        developmentAccess.addAll(List.of(access));
        return this;
    }

    public ConfigOverride[] overrides() {
        return overrides.toArray(new ConfigOverride[0]);
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

    /** The app as a subclass, e.g. a subclass that changes one collaborator. */
    public DropwizardAppExtension<LatchkeyConfiguration> extension(Class<? extends LatchkeyApplication> app) {
        return new DropwizardAppExtension<>(app, configFile(),
                overrides.toArray(new ConfigOverride[0]));
    }

    /** The path of the configuration this app starts with: config.yml itself, or an edited copy. */
    public String configFile() {
        if (preRegistered.isEmpty() && clientCredentials.isEmpty() && identityProviders.isEmpty()
                && developmentAccess.isEmpty()) {
            return RepoRoot.configYml().toString();
        }
        try {
            String yaml = filled(filled(filled(Files.readString(RepoRoot.configYml()), "preRegistered", preRegistered),
                    "clientCredentials", clientCredentials), "identityProviders", identityProviders);
            if (!developmentAccess.isEmpty()) {
                String empty = "    access: []\n  sessionLifetime:";
                if (!yaml.contains(empty)) {
                    throw new IllegalStateException("config.yml no longer has the development login's empty access");
                }
                yaml = yaml.replace(empty, "    access: [" + String.join(", ", developmentAccess)
                        + "]\n  sessionLifetime:");
            }
            Path copy = dir.resolve("config-" + port + ".yml");
            Files.writeString(copy, yaml);
            return copy.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String filled(String yaml, String list, List<String> entries) {
        if (entries.isEmpty()) {
            return yaml;
        }
        String empty = "  " + list + ": []\n";
        if (!yaml.contains(empty)) {
            throw new IllegalStateException("config.yml no longer has an empty " + list + " list to fill");
        }
        return yaml.replace(empty, "  " + list + ":\n" + String.join("", entries));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
