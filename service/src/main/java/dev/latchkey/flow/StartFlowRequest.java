package dev.latchkey.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of {@code POST /v1/flows}. Validated by {@link FlowRequests}. */
public record StartFlowRequest(String serverUrl, String subject, String serverId, String wwwAuthenticate,
                               List<String> scopes, JsonNode context) {

    public StartFlowRequest {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
