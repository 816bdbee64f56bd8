package dev.latchkey.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.McpHttpClient;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step-up against the MCP SDK peer whose {@code admin-echo} tool needs the scope {@code admin}:
 * 403 insufficient_scope → a flow for the union of the held and challenged scopes → the tool
 * works; and the fourth step-up for the same scope set is refused.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StepUpEndToEndTest {

    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = TestApp.h2(TempDirs.create("step-up"))
            .extension();

    private static NodePeer peer;
    private static LifecycleApi api;

    @BeforeAll
    static void start() {
        peer = Peers.start("mcp-sdk-peer.mjs", "--required-scope", "admin");
        api = new LifecycleApi("http://127.0.0.1:" + EXT.getLocalPort(), TestKeys.create(EXT.getConfiguration(), "acme"));
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void insufficientScopeLeadsToAUnionStepUpBoundedPerScopeSet() throws Exception {
        String serverUrl = peer.field("mcpUrl");
        McpHttpClient mcp = new McpHttpClient(URI.create(serverUrl));
        String id = api.authorize(serverUrl, "uma");
        McpHttpClient.Reply refused = adminEcho(mcp, api.accessToken(id));
        assertThat(refused.status()).isEqualTo(403);
        String challenge = refused.wwwAuthenticate().orElseThrow();
        assertThat(challenge).contains("insufficient_scope");

        JsonNode stepUp = api.startFlow(serverUrl, "uma", challenge);
        assertThat(scopes(stepUp)).containsExactlyInAnyOrder("mcp:tools", "admin");
        assertThat(api.complete(stepUp.get("authorizationUrl").asText(), stepUp.get("id").asText()))
                .as("the step-up renews the same connection").isEqualTo(id);
        assertThat(scopes(api.connection(id))).contains("mcp:tools", "admin");
        McpHttpClient.Reply allowed = adminEcho(mcp, api.accessToken(id));
        assertThat(allowed.ok()).as("status %d", allowed.status()).isTrue();
        assertThat(allowed.message().orElseThrow().toString()).contains("stepped up");

        // Two more step-ups for the same scope set are allowed; the fourth is not.
        assertThat(api.startFlowRaw(serverUrl, "uma", challenge).statusCode()).isEqualTo(201);
        assertThat(api.startFlowRaw(serverUrl, "uma", challenge).statusCode()).isEqualTo(201);
        HttpResponse<String> fourth = api.startFlowRaw(serverUrl, "uma", challenge);
        assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(409);
        assertThat(LifecycleApi.json(fourth).get("code").asText()).isEqualTo("step_up_limit");
        assertThat(LifecycleApi.json(fourth).get("connectionId").asText()).isEqualTo(id);
    }

    private static McpHttpClient.Reply adminEcho(McpHttpClient mcp, String token) throws Exception {
        return mcp.callTool("admin-echo", LifecycleApi.JSON.createObjectNode().put("text", "stepped up"),
                Optional.of(token));
    }

    private static List<String> scopes(JsonNode node) {
        List<String> scopes = new ArrayList<>();
        node.get("scopes").forEach(s -> scopes.add(s.asText()));
        return scopes;
    }
}
