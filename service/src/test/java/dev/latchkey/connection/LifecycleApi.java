package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Latchkey's REST API as the tests of the connection lifecycle use it. */
final class LifecycleApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String apiKey;

    LifecycleApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    HttpResponse<String> startFlowRaw(String serverUrl, String subject, String challenge) {
        String body = JSON.createObjectNode().put("serverUrl", serverUrl).put("subject", subject)
                .put("wwwAuthenticate", challenge).toString();
        return Http.post(baseUrl + "/v1/flows", apiKey, body);
    }

    JsonNode startFlow(String serverUrl, String subject, String challenge) {
        HttpResponse<String> response = startFlowRaw(serverUrl, subject, challenge);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    /** Follows a flow's link as the user's browser would and returns the resulting connection id. */
    String complete(String authorizationUrl, String flowId) {
        try {
            HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(authorizationUrl);
            assertThat(journey.lastUrl().getPath()).as(journey.body()).startsWith("/oauth/callback");
            assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode done = flow(flowId);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("authorized");
        return done.get("connectionId").asText();
    }

    /** A new flow for the subject, authorized at once; returns the connection id. */
    String authorize(String serverUrl, String subject) {
        JsonNode flow = startFlow(serverUrl, subject, null);
        return complete(flow.get("authorizationUrl").asText(), flow.get("id").asText());
    }

    HttpResponse<String> token(String connectionId) {
        return Http.post(baseUrl + "/v1/connections/" + connectionId + "/token", apiKey, "");
    }

    /** The access token of a successful token request. */
    String accessToken(String connectionId) {
        HttpResponse<String> response = token(connectionId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("accessToken").asText();
    }

    HttpResponse<String> shortcut(String subject, String serverUrl) {
        return Http.post(baseUrl + "/v1/token", apiKey,
                JSON.createObjectNode().put("subject", subject).put("serverUrl", serverUrl).toString());
    }

    HttpResponse<String> disconnect(String connectionId) {
        return Http.delete(baseUrl + "/v1/connections/" + connectionId, apiKey);
    }

    JsonNode connection(String id) {
        return json(Http.get(baseUrl + "/v1/connections/" + id, apiKey));
    }

    JsonNode flow(String id) {
        return json(flowResponse(id));
    }

    HttpResponse<String> flowResponse(String id) {
        return Http.get(baseUrl + "/v1/flows/" + id, apiKey);
    }

    /** Waits until the connection's access token has expired by Latchkey's own reckoning. */
    void awaitExpiry(String connectionId) {
        Instant expiresAt = instant(connection(connectionId).get("accessTokenExpiresAt"));
        long wait = expiresAt.toEpochMilli() - System.currentTimeMillis() + 50;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An instant as the API writes it: RFC 3339 text (a number would fail the parse). */
    static Instant instant(JsonNode value) {
        return Instant.parse(value.asText());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
