package dev.latchkey.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.ProbeApplication;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe in-process against the official MCP SDK's authorization and MCP servers (Node peer):
 * the whole flow passes, a step-up is followed, a failing tool fails the probe, and the report
 * never shows the token the MCP server received.
 */
class ProbeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int status, String report) {
    }

    private static Run probe(NodePeer peer, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add(peer.field("mcpUrl"));
        ProbeOptions parsed = ProbeOptions.from(new ProbeOptions.Raw(args.get(args.size() - 1), null, false, "30s",
                value(args, "--tool"), value(args, "--args"), null, false, null, null, null), Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new Probe(parsed, new ProbeReport(new PrintStream(out, true, StandardCharsets.UTF_8)),
                ProbeApplication::startInProcess).run();
        String report = out.toString(StandardCharsets.UTF_8);
        System.err.println(report);
        return new Run(status, report);
    }

    private static String value(List<String> args, String option) {
        int at = args.indexOf(option);
        return at < 0 ? null : args.get(at + 1);
    }

    @Test
    void theWholeFlowAgainstTheMcpSdkPasses() throws Exception {
        try (NodePeer peer = Peers.start("mcp-sdk-peer.mjs")) {
            Run run = probe(peer, "--tool", "whoami");

            assertThat(run.status()).isZero();
            assertThat(run.report()).contains("initialize without a token → 401")
                    .contains("POST /v1/flows → flow flw_").contains("browser part followed headlessly")
                    .contains("tools/call whoami → 200").contains("RESULT: PASS (exit 0)");
            JsonNode log = JSON.readTree(peer.get("/__log"));
            assertThat(log.findValuesAsText("path")).contains("/register", "/authorize", "/token", "/mcp");
            assertThat(run.report()).doesNotContain("lk_").doesNotContainPattern("(?i)bearer [A-Za-z0-9._~+/-]{16,}");
        }
    }

    @Test
    void aStepUpIsFollowedOnce() {
        try (NodePeer peer = Peers.start("mcp-sdk-peer.mjs", "--required-scope", "mcp:admin")) {
            Run run = probe(peer, "--tool", "admin-echo", "--args", "{\"text\":\"hello\"}");

            assertThat(run.status()).isZero();
            assertThat(run.report()).contains("403 insufficient_scope; stepping up")
                    .contains("authorization attempt 2 of at most 3").doesNotContain("attempt 3")
                    .contains("tools/call admin-echo → 200");
        }
    }

    @Test
    void aToolThatFailsFailsTheProbe() {
        try (NodePeer peer = Peers.start("mcp-sdk-peer.mjs", "--tool-error")) {
            Run run = probe(peer);

            assertThat(run.status()).isNotZero();
            assertThat(run.report()).contains("[FAIL] tools/call echo → the tool reported an error")
                    .contains("RESULT: FAIL (exit 1)");
        }
    }

    @Test
    void anUnreachableServerFailsWithoutStartingLatchkey() {
        ProbeOptions options = ProbeOptions.from(new ProbeOptions.Raw("http://127.0.0.1:1/mcp", null, false, null, null,
                null, null, false, null, null, null), Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = new Probe(options, new ProbeReport(new PrintStream(out, true, StandardCharsets.UTF_8)),
                ProbeApplication::startInProcess).run();

        assertThat(status).isNotZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[FAIL]").doesNotContain("started an in-process");
    }
}
