package dev.latchkey.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The real Latchkey application running in-process, on 127.0.0.1, with its own H2 database, keyring
 * and plugin directory in a temporary folder, and an API key for one tenant. Drives flows the way an
 * assistant and a user's browser would.
 */
public final class Latchkey implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final DropwizardTestSupport<LatchkeyConfiguration> app;
    private final String baseUrl;
    private final String apiKey;

    private Latchkey(DropwizardTestSupport<LatchkeyConfiguration> app, String baseUrl, String apiKey) {
        this.app = app;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /**
     * Starts an instance in {@code dir}; a plugin that cannot load surfaces as a
     * {@link StartupFailure} carrying Latchkey's start-up message.
     */
    public static Latchkey start(LatchkeySetup setup, Path dir) {
        int port = freePort();
        String databaseUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("latchkey")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Path config = writeConfig(setup, dir, port, databaseUrl);
        DropwizardTestSupport<LatchkeyConfiguration> app = new DropwizardTestSupport<>(LatchkeyApplication.class,
                config.toString());
        try {
            app.before();
        } catch (Exception e) {
            app.after();
            throw new StartupFailure(rootMessage(e), e);
        }
        Jdbi jdbi = Jdbi.create(databaseUrl, "latchkey", "").installPlugin(new SqlObjectPlugin());
        String key = new ApiKeys(jdbi, Clock.systemUTC()).create("testkit", Optional.of("testkit")).secret();
        return new Latchkey(app, "http://127.0.0.1:" + port, key);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The running application, e.g. for its {@code plugins()} catalog. */
    public LatchkeyApplication application() {
        return app.getApplication();
    }

    /** Starts a flow for {@code mcpUrl}, lets a headless browser approve it, and returns how it ended. */
    public FlowOutcome authorize(String mcpUrl) {
        JsonNode started = post("/v1/flows", JSON.createObjectNode().put("serverUrl", mcpUrl)
                .put("subject", "user-" + System.nanoTime()).toString());
        if (started.has("flowId")) {
            return FlowOutcome.of(get("/v1/flows/" + started.get("flowId").asText())); // failed before the browser
        }
        try {
            new Browser().follow(started.get("authorizationUrl").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return FlowOutcome.of(get("/v1/flows/" + started.get("id").asText()));
    }

    /** {@code POST /v1/connections/{id}/token}: the access token, refreshed if due. */
    public JsonNode token(String connectionId) {
        return post("/v1/connections/" + connectionId + "/token", "{}");
    }

    /** {@code GET} on the API with this instance's key. */
    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + apiKey)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.after();
    }

    private static Path writeConfig(LatchkeySetup setup, Path dir, int port, String databaseUrl) {
        try {
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            for (Path jar : setup.jars) {
                Files.copy(jar, plugins.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("publicBaseUrl", "http://127.0.0.1:" + port);
            yaml.put("database", Map.of("url", databaseUrl, "user", "latchkey", "password", "",
                    "driverClass", "org.h2.Driver"));
            yaml.put("keyring", Map.of("file", dir.resolve("keyring.json").toString()));
            yaml.put("egress", Map.of("allowPrivateNetworks", true)); // the fake provider is on loopback
            yaml.put("plugins", Map.of("directory", plugins.toString(), "disabled", setup.disabled,
                    "config", setup.pluginConfig, "profiles", setup.profiles));
            yaml.put("server", Map.of("registerDefaultExceptionMappers", false,
                    "applicationConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", port)),
                    "adminConnectors", List.of(Map.of("type", "http", "bindHost", "127.0.0.1", "port", 0)),
                    "requestLog", Map.of("appenders", List.of())));
            yaml.put("logging", Map.of("level", "WARN", "loggers", Map.of("dev.latchkey.plugin", "INFO")));
            Path file = dir.resolve("config.yml");
            new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Latchkey refused to start; the message is its own (naming the plugin and the reason). */
    public static final class StartupFailure extends RuntimeException {
        StartupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
