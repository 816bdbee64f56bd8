package dev.latchkey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting and reading flows over the API, for tests that need a pending flow to work on. */
public final class TestFlows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestFlows() {
    }

    /** A new pending flow for {@code serverUrl} and a subject of its own. */
    public static JsonNode start(String baseUrl, String apiKey, String serverUrl) {
        String subject = "subject-" + System.nanoTime();
        HttpResponse<String> response = Http.post(baseUrl + "/v1/flows", apiKey,
                JSON.createObjectNode().put("serverUrl", serverUrl).put("subject", subject).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response.body());
    }

    /** The flow as the API shows it now. */
    public static JsonNode get(String baseUrl, String apiKey, JsonNode flow) {
        return read(Http.get(baseUrl + "/v1/flows/" + flow.get("id").asText(), apiKey).body());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
