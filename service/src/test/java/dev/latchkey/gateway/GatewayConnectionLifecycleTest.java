package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's whole life through the gateway, in one MCP session of the official TypeScript SDK client
 * (URL elicitation declared), against oidc-provider issuing two-second access tokens: the first call asks
 * the user in-band; calls keep working across several expiries (Latchkey refreshes behind the gateway);
 * a tool that needs more scope leads to a step-up elicitation; a revoked connection to a new one.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GatewayConnectionLifecycleTest {

    private static final TestApp TEST_APP = TestApp.h2(TempDirs.create("gateway-lifecycle"))
            .with("events.webhooks.deliver", "false");
    static final DropwizardAppExtension<LatchkeyConfiguration> APP = TEST_APP.extension();
    private static final int ACCESS_TTL_SECONDS = 2;
    private static final String HELLO = "{\"text\":\"hello\"}";

    private static NodePeer upstream;
    private static GatewayTenant tenant;
    private static String gatewayUrl;

    @BeforeAll
    static void start() {
        upstream = Peers.start("oidc-peer.mjs", "--access-ttl", String.valueOf(ACCESS_TTL_SECONDS),
                "--required-scope", "admin");
        tenant = GatewayTenant.register(TEST_APP, APP.getConfiguration(), "acme-lifecycle", upstream.field("mcpUrl"),
                "OIDC peer");
        gatewayUrl = tenant.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void refreshStepUpAndRevocationAllHappenInBand() throws Exception {
        String token = tenant.mint("lena");
        try (NodePeer client = Peers.start("gateway-user.mjs", "--url", gatewayUrl, "--token", token,
                "--elicitation", "--driven")) {
            DrivenClient.await(client, state -> state.path("connected").asBoolean() || state.has("error"));

            // First use: the user is asked in-band, then the call goes through.
            JsonNode first = DrivenClient.call(client, "echo", HELLO);
            String firstFlow = authorizeInBand(client, first);
            assertThat(DrivenClient.call(client, "echo", HELLO).at("/result/content/0/text").asText()).isEqualTo("hello");

            // Several access-token lifetimes later every call still works: Latchkey refreshed behind the gateway.
            long until = System.nanoTime() + Duration.ofSeconds(ACCESS_TTL_SECONDS * 3L + 1).toNanos();
            int calls = 0;
            while (System.nanoTime() < until) {
                Thread.sleep(700);
                JsonNode echo = DrivenClient.call(client, "echo", HELLO);
                assertThat(echo.get("ok").asBoolean()).as(echo.toString()).isTrue();
                assertThat(echo.at("/result/isError").asBoolean(false)).as(echo.toString()).isFalse();
                calls++;
            }
            assertThat(calls).isGreaterThanOrEqualTo(8);
            JsonNode connections = tenant.api().get(tenant.key(), "/v1/connections?subject=lena").body();
            assertThat(connections.get("items")).hasSize(1);
            String connectionId = connections.at("/items/0/id").asText();

            // A tool that needs more scope: 403 insufficient_scope upstream, a step-up elicitation here.
            JsonNode admin = DrivenClient.call(client, "admin-echo", HELLO);
            String stepUpFlow = authorizeInBand(client, admin);
            assertThat(stepUpFlow).isNotEqualTo(firstFlow);
            JsonNode allowed = DrivenClient.call(client, "admin-echo", HELLO);
            assertThat(allowed.get("ok").asBoolean()).as(allowed.toString()).isTrue();
            assertThat(allowed.at("/result/isError").asBoolean(false)).as(allowed.toString()).isFalse();
            assertThat(tenant.api().get(tenant.key(), "/v1/connections/" + connectionId).body().get("scopes").toString())
                    .contains("admin", "mcp:tools");

            // Revoked: the next call asks again.
            assertThat(tenant.api().send(tenant.key(), "DELETE", "/v1/connections/" + connectionId, null).status()).isEqualTo(200);
            JsonNode afterRevocation = DrivenClient.call(client, "echo", HELLO);
            String third = authorizeInBand(client, afterRevocation);
            assertThat(third).isNotEqualTo(firstFlow).isNotEqualTo(stepUpFlow);
            assertThat(DrivenClient.call(client, "echo", HELLO).at("/result/content/0/text").asText()).isEqualTo("hello");

            JsonNode state = DrivenClient.await(client, s -> true);
            assertThat(state.get("sessionIds").get(0).asText()).startsWith("mcs_");
        }
    }

    /** The call was refused with -32042; the user completes its link; the client hears of it. Returns the flow id. */
    private static String authorizeInBand(NodePeer client, JsonNode refused) throws Exception {
        assertThat(refused.get("ok").asBoolean()).as(refused.toString()).isFalse();
        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32042);
        JsonNode elicitation = refused.at("/error/data/elicitations/0");
        String flowId = elicitation.get("elicitationId").asText();
        assertThat(new HeadlessBrowser().follow(elicitation.get("url").asText()).body()).contains("Connected");
        DrivenClient.await(client, state -> state.get("notifications").toString().contains(flowId));
        return flowId;
    }

}
