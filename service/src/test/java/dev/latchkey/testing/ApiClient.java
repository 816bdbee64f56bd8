package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Latchkey's REST API seen as JSON replies, over the suite's one client ({@link Http}). */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        return reply(Http.send(request(key, method, path, json)));
    }

    public CompletableFuture<Reply> getAsync(String key, String path) {
        return Http.sendAsync(request(key, "GET", path, null)).thenApply(ApiClient::reply);
    }

    private HttpRequest request(String key, String method, String path, String json) {
        return Http.apiRequest(method, baseUrl + path, key, json).timeout(Duration.ofSeconds(60)).build();
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
