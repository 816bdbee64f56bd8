package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.Await;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stateful upstream server (sessions, its own event stream) behind the gateway, with the official
 * TypeScript SDK client in front: the gateway opens the upstream session lazily once the user has
 * authorized, keeps the upstream's session id to itself, passes the client's GET to the upstream's event
 * stream, opens a new upstream session when the upstream forgot its own, and ends it on the client's DELETE.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayStatefulUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-stateful"))
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();

    private static NodePeer upstream;
    private static GatewayTenant tenant;
    private static String gatewayUrl;

    @BeforeAll
    static void start() {
        upstream = Peers.start("mcp-sdk-peer.mjs", "--stateful");
        tenant = GatewayTenant.register(TEST_APP, APP.getConfiguration(), "acme-stateful", upstream.field("mcpUrl"),
                "Stateful peer");
        gatewayUrl = tenant.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theUpstreamSessionIsOpenedLazilyKeptInsideRenewedWhenLostAndEndedWithTheClients() throws Exception {
        String token = tenant.mint("stella");
        try (NodePeer client = Peers.start("gateway-user.mjs", "--url", gatewayUrl, "--token", token,
                "--elicitation", "--driven")) {
            DrivenClient.await(client, state -> state.path("connected").asBoolean() || state.has("error"));
            assertThat(upstreamSessions()).as("nothing upstream before the user has authorized").isEmpty();

            JsonNode refused = call(client);
            assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32042);
            String flowId = refused.at("/error/data/elicitations/0/elicitationId").asText();
            assertThat(new HeadlessBrowser().follow(refused.at("/error/data/elicitations/0/url").asText()).body())
                    .contains("Connected");
            DrivenClient.await(client, state -> state.get("notifications").toString().contains(flowId));

            JsonNode echo = call(client);
            assertThat(echo.at("/result/content/0/text").asText()).as(echo.toString()).isEqualTo("hello");
            List<String> first = upstreamSessions();
            assertThat(first).hasSize(1);
            String clientSession = DrivenClient.await(client, state -> true).get("sessionIds").get(0).asText();
            assertThat(clientSession).startsWith("mcs_").isNotEqualTo(first.get(0));

            // The client's event stream reconnects once the user has authorized, and now reaches the upstream's.
            Await.until(Duration.ofSeconds(20), () -> upstreamGets() > 0, () -> "no GET reached the upstream");

            // The upstream forgets its session (a restart): the gateway opens another, the client notices nothing.
            upstream.post("/__mcp-sessions/forget", "{}");
            JsonNode again = call(client);
            assertThat(again.at("/result/content/0/text").asText()).as(again.toString()).isEqualTo("hello");
            List<String> second = upstreamSessions();
            assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);

            JsonNode terminated = JSON.readTree(client.post("/__terminate", "{}"));
            assertThat(terminated.get("ok").asBoolean()).as(terminated.toString()).isTrue();
            assertThat(upstreamSessions()).as("the client's DELETE ends the upstream session too").isEmpty();
            assertThat(call(client).at("/error/message").asText()).as("the gateway session has ended")
                    .isNotEmpty();
        }
    }

    private static List<String> upstreamSessions() throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(upstream.get("/__mcp-sessions")).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static long upstreamGets() {
        try {
            List<String> methods = new ArrayList<>();
            JSON.readTree(upstream.get("/__mcp-methods")).forEach(method -> methods.add(method.asText()));
            return methods.stream().filter("GET"::equals).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode call(NodePeer client) {
        return DrivenClient.call(client, "echo", "{\"text\":\"hello\"}");
    }
}
