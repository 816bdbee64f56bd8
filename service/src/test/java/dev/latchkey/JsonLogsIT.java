package dev.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.connection.Connection;
import dev.latchkey.connection.ConnectionStore;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.KeyringFactory;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.LatchkeyJar;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with JSON application and request logs, as config.yml's commented example sets
 * them (the request log also asked for every field that could carry a query string or a
 * credential), through a whole run: a real flow through oidc-provider and the user's browser, the
 * callback, a token fetch and a refresh. Every line the process wrote parses as JSON, and none
 * holds the run's authorization code, state, access or refresh tokens, client secret, API key or
 * browser binding cookie.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "latchkey-json-logs";
    private static final String CLIENT_SECRET = "json-logs-s3cret-5e1f";
    private static final int ACCESS_TTL_SECONDS = 3;

    @Test
    void everyLineIsJsonAndNoneCarriesASecretOfTheRun() throws Exception {
        LatchkeyJar.jar();
        Path dir = TempDirs.create("json-logs");
        int port = LatchkeyJar.freePort();
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET));
        String log;
        try (NodePeer oidc = Peers.start("oidc-peer.mjs", "--access-ttl", String.valueOf(ACCESS_TTL_SECONDS),
                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                "--redirect-uri", "http://127.0.0.1:" + port + "/oauth/callback")) {
            LatchkeyJar.Started started = LatchkeyJar.start(dir, port, config(dir, oidc.field("issuer")),
                    List.of("acme"));
            try (LatchkeyJar jar = started.jar()) {
                String key = started.key("acme");
                secrets.add(key);
                JsonNode flow = Http.json(Http.post(jar.baseUrl() + "/v1/flows", key,
                        "{\"serverUrl\":\"" + oidc.field("mcpUrl") + "\",\"subject\":\"mia\"}"));
                HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
                assertThat(journey.status()).as(journey.body()).isEqualTo(200);
                Map<String, String> callback = query(journey.lastUrl());
                assertThat(callback).containsKeys("code", "state");
                secrets.add(callback.get("code"));
                secrets.add(callback.get("state"));
                String connection = Http.json(Http.get(jar.baseUrl() + "/v1/flows/" + flow.get("id").asText(), key))
                        .get("connectionId").asText();

                secrets.add(accessToken(jar, key, connection));
                secrets.addAll(stored(dir, connection));
                Thread.sleep(ACCESS_TTL_SECONDS * 1000L + 300);
                secrets.add(accessToken(jar, key, connection));
                secrets.addAll(stored(dir, connection));
            }
            log = started.jar().log();
        }

        List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("the run logged something").hasSizeGreaterThan(10);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            entries.add(JSON.readTree(line));
        }
        assertThat(entries).as("a request log entry of the callback, without its query")
                .anySatisfy(entry -> assertThat(entry.path("uri").asText()).isEqualTo("/oauth/callback"));
        assertThat(entries).as("application log entries")
                .anySatisfy(entry -> assertThat(entry.path("level").asText()).isEqualTo("INFO"));
        assertThat(log).as("the browser binding cookie").doesNotContain("latchkey_browser");
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("the log holds a secret of the run").doesNotContain(secret);
        }
    }

    /** config.yml's JSON example, and a request log asked for everything that could hold a query or a key. */
    private static Map<String, Object> config(Path dir, String issuer) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("database", Map.of("url", "jdbc:h2:file:" + dir.resolve("latchkey").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
        config.put("registration", Map.of("preRegistered", List.of(Map.of("issuer", issuer, "clientId", CLIENT_ID,
                "clientSecret", CLIENT_SECRET, "tokenEndpointAuthMethod", "client_secret_basic"))));
        config.put("connections", Map.of("refreshSkew", "0s"));
        config.put("logging", Map.of("appenders", List.of(Map.of("type", "console", "target", "stderr",
                "layout", Map.of("type", "json")))));
        config.put("server", Map.of("requestLog", Map.of("appenders", List.of(Map.of("type", "console",
                "target", "stderr", "layout", Map.of("type", "access-json",
                        "requestHeaders", List.of("Authorization", "Referer", "Cookie"),
                        "responseHeaders", List.of("X-Request-Id", "Set-Cookie"),
                        "includes", List.of("timestamp", "remoteAddress", "requestTime", "requestUri", "statusCode",
                                "method", "protocol", "contentLength", "userAgent", "pathQuery", "requestUrl",
                                "requestParameters")))))));
        return config;
    }

    private static String accessToken(LatchkeyJar jar, String key, String connection) {
        HttpResponse<String> response = Http.post(jar.baseUrl() + "/v1/connections/" + connection + "/token", key, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).get("accessToken").asText();
    }

    /** The tokens Latchkey holds for the connection now (read through the running server's H2). */
    private static List<String> stored(Path dir, String connectionId) {
        KeyringFactory keyring = new KeyringFactory();
        keyring.setFile(dir.resolve("keyring.json").toAbsolutePath().toString());
        TokenVault vault = new TokenVault(new Sealer(keyring.build(Clock.systemUTC())));
        Jdbi jdbi = Jdbi.create("jdbc:h2:file:" + dir.resolve("latchkey").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "latchkey", "")
                .installPlugin(new SqlObjectPlugin());
        Connection connection = new ConnectionStore(jdbi).find(connectionId).orElseThrow();
        TokenSet tokens = vault.open(connection.tokensSealed().orElseThrow(), connection.tokenAad());
        List<String> out = new ArrayList<>(List.of(tokens.accessToken()));
        tokens.refreshToken().ifPresent(out::add);
        assertThat(out).as("a refresh token was issued").hasSize(2);
        return out;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
