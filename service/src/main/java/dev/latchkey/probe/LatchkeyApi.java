package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API of a running Latchkey, called as any platform would call it: with an API key (probe, demo). */
public final class LatchkeyApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String apiKey;

    public LatchkeyApi(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** A status and its JSON body (a resource or an RFC 9457 problem). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public String text(String field) {
            return body.path(field).asText("");
        }

        /** A problem's code and detail, for the report. */
        public String problem() {
            return status + " " + body.path("code").asText("?") + ": " + body.path("detail").asText(body.toString());
        }
    }

    public Answer startFlow(URI serverUrl, String subject, String wwwAuthenticate) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("serverUrl", serverUrl.toString()).put("subject", subject);
        if (wwwAuthenticate != null && !wwwAuthenticate.isEmpty()) {
            body.put("wwwAuthenticate", wwwAuthenticate);
        }
        return send("POST", "/v1/flows", body);
    }

    public Answer flow(String id) throws IOException, InterruptedException {
        return send("GET", "/v1/flows/" + id, null);
    }

    public Answer cancel(String id) throws IOException, InterruptedException {
        return send("POST", "/v1/flows/" + id + "/cancel", json.createObjectNode());
    }

    public Answer token(String connectionId) throws IOException, InterruptedException {
        return send("POST", "/v1/connections/" + connectionId + "/token", json.createObjectNode());
    }

    /** {@code POST /v1/token}: the subject's token for the server, or a problem. */
    public Answer tokenFor(String subject, URI serverUrl) throws IOException, InterruptedException {
        return send("POST", "/v1/token", json.createObjectNode().put("subject", subject)
                .put("serverUrl", serverUrl.toString()));
    }

    /** {@code POST /v1/servers}: registers an upstream MCP server for the gateway. */
    public Answer registerServer(URI url, String name) throws IOException, InterruptedException {
        return send("POST", "/v1/servers", json.createObjectNode().put("url", url.toString()).put("name", name));
    }

    /** {@code POST /v1/gateway-tokens}: a gateway token for the subject, limited to one server. */
    public Answer mintGatewayToken(String subject, String serverSlug, long expiresInSeconds)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("subject", subject).put("name", "probe")
                .put("expiresInSeconds", expiresInSeconds);
        body.putArray("servers").add(serverSlug);
        return send("POST", "/v1/gateway-tokens", body);
    }

    private Answer send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode parsed = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        return new Answer(response.statusCode(), parsed);
    }
}
