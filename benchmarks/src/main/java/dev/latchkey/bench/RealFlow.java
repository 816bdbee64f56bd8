package dev.latchkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.probe.McpHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** One real authorization: the MCP server's 401, POST /v1/flows, the headless browser, the callback. */
public final class RealFlow {

    private RealFlow() {
    }

    /** Completes one flow for {@code subject} and returns the new connection's id. */
    public static String connect(Api api, String mcpUrl, String subject) throws IOException, InterruptedException {
        McpHttpClient.Reply unauthorized = new McpHttpClient(URI.create(mcpUrl)).initialize(Optional.empty());
        if (unauthorized.status() != 401) {
            throw new IllegalStateException("the MCP server answered " + unauthorized.status() + ", not 401");
        }
        JsonNode flow = api.send(api.post("/v1/flows", Api.startFlowBody(mcpUrl, subject,
                unauthorized.wwwAuthenticate().orElseThrow())), 201);
        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(flow.get("authorizationUrl").asText());
        if (journey.status() != 200) {
            throw new IllegalStateException("the authorization ended with " + journey.status() + " at " + journey.lastUrl());
        }
        JsonNode done = api.send(api.get("/v1/flows/" + flow.get("id").asText()), 200);
        if (!"authorized".equals(done.get("status").asText())) {
            throw new IllegalStateException("the flow ended " + done.get("status").asText());
        }
        return done.get("connectionId").asText();
    }
}
