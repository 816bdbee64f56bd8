package dev.latchkey.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.probe.HeadlessBrowser;
import dev.latchkey.testing.ApiClient;
import dev.latchkey.testing.AppDatabase;
import dev.latchkey.testing.Await;
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
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    private static ApiClient api;
    private static String key;
    private static String gatewayUrl;

    @BeforeAll
    static void start() {
        upstream = Peers.start("mcp-sdk-peer.mjs", "--stateful");
        Jdbi jdbi = AppDatabase.jdbi(APP.getConfiguration());
        api = new ApiClient(TEST_APP.baseUrl());
        key = AppDatabase.apiKey(jdbi, "acme-stateful");
        ApiClient.Reply server = api.post(key, "/v1/servers", JSON.createObjectNode()
                .put("url", upstream.field("mcpUrl")).put("name", "Stateful peer").toString());
        assertThat(server.status()).as(String.valueOf(server.body())).isEqualTo(201);
        gatewayUrl = server.body().get("gatewayUrl").asText();
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theUpstreamSessionIsOpenedLazilyKeptInsideRenewedWhenLostAndEndedWithTheClients() throws Exception {
        String token = api.post(key, "/v1/gateway-tokens", "{\"subject\":\"stella\"}").body().get("token").asText();
        try (NodePeer client = Peers.start("gateway-user.mjs", "--url", gatewayUrl, "--token", token,
                "--elicitation", "--driven")) {
            await(client, state -> state.path("connected").asBoolean() || state.has("error"));
            assertThat(upstreamSessions()).as("nothing upstream before the user has authorized").isEmpty();

            JsonNode refused = call(client);
            assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32042);
            String flowId = refused.at("/error/data/elicitations/0/elicitationId").asText();
            assertThat(new HeadlessBrowser().follow(refused.at("/error/data/elicitations/0/url").asText()).body())
                    .contains("Connected");
            await(client, state -> state.get("notifications").toString().contains(flowId));

            JsonNode echo = call(client);
            assertThat(echo.at("/result/content/0/text").asText()).as(echo.toString()).isEqualTo("hello");
            List<String> first = upstreamSessions();
            assertThat(first).hasSize(1);
            String clientSession = await(client, state -> true).get("sessionIds").get(0).asText();
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

    private static JsonNode call(NodePeer client) throws IOException {
        return JSON.readTree(client.post("/__call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\"}}"));
    }

    private static JsonNode await(NodePeer client, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        Await.until(Duration.ofSeconds(60), () -> {
            try {
                last[0] = JSON.readTree(client.get("/__state"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return condition.test(last[0]);
        }, () -> String.valueOf(last[0]) + "\n" + client.output());
        return last[0];
    }
}
