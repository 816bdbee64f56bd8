package dev.latchkey.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.ApiKeys;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.StderrCapture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Every API error is RFC 9457 problem JSON with a code and the request id; no secret leaks. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiErrorsTest {

    static {
        StderrCapture.install();
    }

    private static final Path DIR = TempDirs.create("errors");
    private static final TestApp APP = TestApp.h2(DIR);
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String apiKey;
    private static String revokedKey;

    @BeforeAll
    static void keys() {
        Jdbi jdbi = TestKeys.jdbi(EXT.getConfiguration());
        ApiKeys keys = new ApiKeys(jdbi, Clock.systemUTC());
        apiKey = keys.create("acme", Optional.empty()).secret();
        ApiKeys.Created revoked = keys.create("acme", Optional.empty());
        keys.revoke(revoked.key().prefix());
        revokedKey = revoked.secret();
    }

    @Test
    void missingKeyIs401Problem() throws Exception {
        HttpResponse<String> response = Http.get(APP.baseUrl() + "/v1/whoami", null);
        assertProblem(response, 401, "api_key_missing");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"latchkey\"");
    }

    @Test
    void revokedAndUnknownKeysAre401Problems() throws Exception {
        assertProblem(Http.get(APP.baseUrl() + "/v1/whoami", revokedKey), 401, "api_key_invalid");
        assertProblem(Http.get(APP.baseUrl() + "/v1/whoami", "lk_aaaaaaaaaa_" + "A".repeat(43)), 401,
                "api_key_invalid");
        assertProblem(Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/v1/whoami"))
                .header("Authorization", "Basic Zm9vOmJhcg==")), 401, "api_key_missing");
    }

    @Test
    void aValidKeyIdentifiesItsTenant() throws Exception {
        HttpResponse<String> response = Http.get(APP.baseUrl() + "/v1/whoami", apiKey);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, "{\"serverUrl\": "), 400, "malformed_json");
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, "not json at all"), 400, "malformed_json");
    }

    @Test
    void wrongShapeIs400NotA500() throws Exception {
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, "{\"scopes\": {\"a\": 1}}"), 400, "invalid_body");
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, "{}"), 400, "invalid_request");
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, "null"), 400, "invalid_request");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"subject\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(Http.post(APP.baseUrl() + "/v1/flows", apiKey, big), 413, "payload_too_large");
    }

    @Test
    void unknownPathWrongMethodAndWrongContentTypeAreProblems() throws Exception {
        assertProblem(Http.get(APP.baseUrl() + "/v1/nothing-here", apiKey), 404, "not_found");
        assertProblem(Http.delete(APP.baseUrl() + "/v1/whoami", apiKey), 405, "method_not_allowed");
        assertProblem(Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/v1/flows"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))), 415, "unsupported_media_type");
    }

    @Test
    void errorsJettyAnswersItselfAreProblemsToo() throws Exception {
        String malformed = raw("GET /v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(malformed).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
                .contains("\"code\":\"bad_request\"").doesNotContain("<html");
        String hugeHeader = raw("GET /v1/meta HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431").contains("\"code\":\"headers_too_large\"")
                .doesNotContain("<html");
    }

    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", APP.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anOfferedRequestIdIsEchoed() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(APP.baseUrl() + "/v1/meta"))
                .header("X-Request-Id", "trace-12345678"));
        assertThat(response.headers().firstValue("X-Request-Id")).contains("trace-12345678");
    }

    @AfterAll
    static void noSecretWasLoggedOrEchoed() throws Exception {
        String logs = StderrCapture.text();
        assertThat(logs).contains("/v1/whoami"); // the request log was captured
        assertThat(logs).doesNotContain(apiKey).doesNotContain(revokedKey)
                .doesNotContain(apiKey.substring(14)).doesNotContain(revokedKey.substring(14));
        String keyring = Files.readString(DIR.resolve("keyring.json"));
        for (JsonNode key : JSON.readTree(keyring).get("keys")) {
            assertThat(logs).doesNotContain(key.get("k").asText());
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).isEqualTo("urn:latchkey:problem:" + code);
        assertThat(body.hasNonNull("title")).isTrue();
        assertThat(body.hasNonNull("detail")).isTrue();
        String requestId = body.get("requestId").asText();
        assertThat(requestId).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).contains(requestId);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.latchkey")
                .doesNotContain(apiKey).doesNotContain(revokedKey);
    }
}
