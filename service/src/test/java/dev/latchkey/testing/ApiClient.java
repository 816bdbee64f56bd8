package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A tiny JSON client for Latchkey's REST API in end-to-end tests. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, content type and parsed body (null when empty). */
    public record Reply(int status, String contentType, JsonNode body) {
    }

    public Reply get(String key, String path) {
        return send(key, "GET", path, null);
    }

    public Reply post(String key, String path, String json) {
        return send(key, "POST", path, json);
    }

    public Reply send(String key, String method, String path, String json) {
        try {
            return reply(http.send(request(key, method, path, json), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public CompletableFuture<Reply> getAsync(String key, String path) {
        return http.sendAsync(request(key, "GET", path, null), HttpResponse.BodyHandlers.ofString())
                .thenApply(ApiClient::reply);
    }

    private HttpRequest request(String key, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return b.build();
    }

    private static Reply reply(HttpResponse<String> r) {
        try {
            JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }
}
