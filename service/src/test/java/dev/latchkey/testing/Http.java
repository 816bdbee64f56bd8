package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The suite's one HTTP client for talking to a running Latchkey (or a peer) on loopback: no proxy,
 * no redirects followed (tests assert on each hop), bearer-key JSON calls, form posts, and a
 * {@link Session} that keeps cookies the way a browser would. Tests that must send malformed HTTP on
 * purpose use {@link RawHttp} instead.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    // Immutable and thread-safe: shared so pooled loopback connections are reused across tests.
    private static final HttpClient CLIENT = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private Http() {
    }

    /** The underlying client, for callers that need the checked exceptions (start-up polling, peers). */
    public static HttpClient client() {
        return CLIENT;
    }

    /** Sends with the default 60 s request timeout (which replaces any the builder had). */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.timeout(REQUEST_TIMEOUT).build());
    }

    /**
     * Sends a finished request as it is (its own timeout, or none). An answer of the REST API (under
     * /v1/) must keep the OpenAPI document, or the test fails here ({@link OpenApiContract}).
     */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return contractChecked(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Http::contractChecked);
    }

    private static HttpResponse<String> contractChecked(HttpResponse<String> response) {
        URI uri = response.request().uri();
        if (OpenApiContract.covers(uri)) {
            OpenApiContract.instance().check(response.request().method(), uri, response.statusCode(),
                    response.headers().firstValue("content-type").orElse(""), response.body());
        }
        return response;
    }

    /**
     * A REST call: {@code Authorization: Bearer apiKey} when a key is given, a JSON body when one is
     * given (no body otherwise). No timeout set: callers send it through {@link #send(HttpRequest.Builder)}
     * or set their own.
     */
    public static HttpRequest.Builder apiRequest(String method, String url, String apiKey, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    public static HttpResponse<String> get(String url, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request);
    }

    public static HttpResponse<String> post(String url, String apiKey, String json) {
        return send(apiRequest("POST", url, apiKey, json));
    }

    public static HttpResponse<String> delete(String url, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE().header("Authorization", "Bearer " + apiKey));
    }

    /** An {@code application/x-www-form-urlencoded} POST, the way an HTML form submits. */
    public static HttpRequest.Builder formPost(String url, Map<String, String> form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The body parsed as JSON (an assertion error names the body when it is not JSON). */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Every {@code Set-Cookie} header of a response. */
    public static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie");
    }

    /** A browser-like session against one origin: cookies kept (and dropped when expired), forms posted. */
    public static final class Session {

        private final String base;
        private final Map<String, String> cookies = new LinkedHashMap<>();

        public Session(String base) {
            this.base = base;
        }

        public HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        public HttpResponse<String> post(String path, Map<String, String> form) {
            return send(formPost(base + path, form));
        }

        public String cookie(String name) {
            return cookies.get(name);
        }

        public void setCookie(String name, String value) {
            cookies.put(name, value);
        }

        public HttpResponse<String> send(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = Http.send(request.timeout(Duration.ofSeconds(30)).build());
            for (String header : setCookies(response)) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || header.contains("Max-Age=0")) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
            return response;
        }
    }
}
