package dev.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.LatchkeyJar;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract, used as a platform team would: a TypeScript client generated from the document the
 * running jar serves ({@code openapi-typescript}, {@code openapi-fetch}, src/contract) compiles with
 * {@code tsc} and completes one real flow against the MCP SDK's server and authorization server — the
 * client starts it, a headless person signs in, the client reads the flow, its events, the token and
 * the connections.
 */
class TypeScriptClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTRACT = "src/contract";

    @TempDir
    static Path dir;
    private static NodePeer server;
    private static LatchkeyJar.Started latchkey;

    @BeforeAll
    static void start() {
        LatchkeyJar.jar();
        server = Peers.start("mcp-sdk-peer.mjs");
        latchkey = LatchkeyJar.start(dir, Map.of(), List.of("acme"));
    }

    @AfterAll
    static void stop() {
        if (latchkey != null) {
            latchkey.jar().close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientGeneratedFromTheServedDocumentCompilesAndCompletesAFlow() throws Exception {
        String base = latchkey.jar().baseUrl();
        String key = latchkey.key("acme");
        Peers.run(CONTRACT, "build-client.mjs", Duration.ofSeconds(180), base + "/v1/openapi.json");

        JsonNode started = lastLine(client("start", base, key, server.field("mcpUrl"), "tess"));
        assertThat(started.get("status").asText()).isEqualTo("pending");
        assertThat(started.get("hasNotice").asBoolean()).isTrue();

        HeadlessBrowser.Journey journey = new HeadlessBrowser().follow(started.get("authorizationUrl").asText());
        assertThat(journey.body()).contains("Connected");

        JsonNode finished = lastLine(client("finish", base, key, started.get("id").asText()));
        assertThat(finished.get("status").asText()).isEqualTo("authorized");
        assertThat(finished.get("eventTypes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("assistant_mcp_auth_required", "assistant_mcp_auth");
        assertThat(finished.get("result").asText()).isEqualTo("success");
        assertThat(finished.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(finished.get("hasAccessToken").asBoolean()).isTrue();
        assertThat(finished.get("connections")).extracting(JsonNode::asText)
                .containsExactly(finished.get("connectionId").asText());
        assertThat(finished.get("nextCursor").isNull()).as("the last page says so with null").isTrue();
        assertThat(finished.get("missingCode").asText()).isEqualTo("not_found");
    }

    private static String client(String... args) {
        return Peers.run(CONTRACT, "build/latchkey-flow.js", Duration.ofSeconds(60), args);
    }

    private static JsonNode lastLine(String output) throws Exception {
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
