package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.DrivenClient;
import dev.latchkey.testing.GatewayTenant;
import dev.latchkey.testing.NodePeer;
import dev.latchkey.testing.Peers;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization link in-band, with real peers: the official TypeScript SDK client in one MCP session
 * through the gateway (src/peers/gateway-user.mjs), the MCP SDK's server and authorization server
 * upstream, a headless browser as the user. A client that declared URL elicitation gets -32042 and then
 * notifications/elicitation/complete; one that did not gets the notice as a tool result and then
 * notifications/tools/list_changed. Either retries in the same session, and the call reaches the upstream.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayInBandAuthorizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-in-band"))
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static NodePeer upstream;
    private static GatewayTenant tenant;
    private static String gatewayUrl;

    @BeforeAll
    static void start() {
        upstream = Peers.start("mcp-sdk-peer.mjs");
        tenant = GatewayTenant.register(TEST_APP, APP.getConfiguration(), "acme-in-band", upstream.field("mcpUrl"),
                "SDK peer");
        gatewayUrl = tenant.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aClientWithUrlElicitationIsAskedInBandAndRetriesInTheSameSession() throws Exception {
        String token = tenant.mint("elicited");
        try (NodePeer client = Peers.start("gateway-user.mjs", "--url", gatewayUrl, "--token", token,
                "--elicitation")) {
            JsonNode asked = DrivenClient.await(client, state -> state.has("link") || state.get("done").asBoolean());
            assertThat(asked.get("errorCode").asInt()).as(asked.toString()).isEqualTo(-32042);
            String link = asked.get("link").asText();
            assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");
            assertThat(asked.get("elicitationMessage").asText()).contains("SDK peer");
            assertThat(asked.get("server").asText()).as("initialize answered by the gateway").isEqualTo("latchkey-gateway");
            String flowId = asked.get("elicitationId").asText();
            JsonNode flow = tenant.api().get(tenant.key(), "/v1/flows/" + flowId).body();
            assertThat(flow.get("subject").asText()).isEqualTo("elicited");
            assertThat(flow.get("status").asText()).isEqualTo("pending");

            assertThat(new HeadlessBrowser().follow(link).body()).contains("Connected");

            JsonNode done = DrivenClient.await(client, state -> state.get("done").asBoolean());
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("notifications").toString())
                    .contains("notifications/elicitation/complete").contains(flowId);
            assertThat(names(done.get("tools"))).contains("echo", "whoami");
            assertThat(done.get("echo").asText()).isEqualTo("after the user said yes");
            assertThat(done.get("echoIsError").asBoolean()).isFalse();
            assertThat(done.at("/whoami/resource").asText()).isEqualTo(upstream.field("mcpUrl"));
            assertOneGatewaySession(done);
        }
        assertUpstreamSawOnlyLatchkeysTokens();
    }

    @Test
    void aClientWithoutElicitationGetsTheNoticeAsAToolResultThenTheToolsChange() throws Exception {
        String token = tenant.mint("noticed");
        try (NodePeer client = Peers.start("gateway-user.mjs", "--url", gatewayUrl, "--token", token)) {
            JsonNode asked = DrivenClient.await(client, state -> state.has("link") || state.get("done").asBoolean());
            assertThat(asked.has("error")).as(asked.toString()).isFalse();
            assertThat(names(asked.get("firstTools"))).containsExactly(AuthorizationAnswer.AUTHORIZE_TOOL);
            assertThat(asked.get("noticeIsError").asBoolean()).isTrue();
            String notice = asked.get("noticeText").asText();
            assertThat(notice).startsWith("<message-context>\n").contains("EventType: assistant_mcp_auth_required\n");
            String link = asked.get("link").asText();
            assertThat(link).startsWith(TEST_APP.baseUrl() + "/connect/");

            assertThat(new HeadlessBrowser().follow(link).body()).contains("Connected");

            JsonNode done = DrivenClient.await(client, state -> state.get("done").asBoolean());
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("notifications").toString()).contains("notifications/tools/list_changed");
            assertThat(names(done.get("tools"))).contains("echo", "whoami")
                    .doesNotContain(AuthorizationAnswer.AUTHORIZE_TOOL);
            assertThat(done.get("echo").asText()).isEqualTo("after the user said yes");
            assertOneGatewaySession(done);
        }
        assertUpstreamSawOnlyLatchkeysTokens();
    }

    @Test
    void theMcpInspectorsCommandLineListsTheUpstreamToolsOnceAuthorized() throws Exception {
        String token = tenant.mint("inspected");
        JsonNode before = inspector(token, "--method", "tools/list");
        assertThat(before.get("tools").findValues("name").stream().map(JsonNode::asText))
                .containsExactly(AuthorizationAnswer.AUTHORIZE_TOOL);

        JsonNode notice = inspector(token, "--method", "tools/call", "--tool-name", AuthorizationAnswer.AUTHORIZE_TOOL);
        String text = notice.at("/content/0/text").asText();
        Matcher link = Pattern.compile("AuthURL: (\\S+)").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        assertThat(new HeadlessBrowser().follow(link.group(1)).body()).contains("Connected");

        JsonNode after = inspector(token, "--method", "tools/list");
        assertThat(after.get("tools").findValues("name").stream().map(JsonNode::asText))
                .contains("echo", "whoami").doesNotContain(AuthorizationAnswer.AUTHORIZE_TOOL);
        JsonNode echo = inspector(token, "--method", "tools/call", "--tool-name", "echo", "--tool-arg", "text=inspected");
        assertThat(echo.at("/content/0/text").asText()).isEqualTo("inspected");
    }

    /** The MCP Inspector in its command-line mode, through the gateway with the token as a header; its JSON answer. */
    private static JsonNode inspector(String token, String... method) throws IOException {
        List<String> args = new ArrayList<>(List.of("--cli", gatewayUrl, "--transport", "http",
                "--header", "Authorization: Bearer " + token));
        args.addAll(List.of(method));
        String out = NodePeer.run("node_modules/@modelcontextprotocol/inspector/cli/build/cli.js",
                Duration.ofSeconds(60), args.toArray(String[]::new));
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    private static void assertOneGatewaySession(JsonNode state) {
        List<String> ids = new ArrayList<>();
        state.get("sessionIds").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSizeGreaterThanOrEqualTo(3).allMatch(id -> id.startsWith("mcs_"));
        assertThat(ids.stream().distinct()).as("one MCP session from first request to retry").hasSize(1);
    }

    private static void assertUpstreamSawOnlyLatchkeysTokens() {
        List<String> bearers = new ArrayList<>();
        try {
            JSON.readTree(upstream.get("/__mcp-bearers")).forEach(b -> bearers.add(b.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(bearers).isNotEmpty().noneMatch(b -> b.startsWith("lkg_") || b.isEmpty());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
