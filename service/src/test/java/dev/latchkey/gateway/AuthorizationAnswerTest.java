package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.event.StoredEvent;
import dev.latchkey.flow.FlowStarter;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.NewFlow;
import dev.latchkey.gateway.AuthorizationAnswer.Audience;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.session.SessionAuthorization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answer each kind of client gets before the user has authorized, and when a flow is started for it. */
class AuthorizationAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UpstreamServer SERVER = new UpstreamServer("srv_1", "acme", "Docs", "https://mcp.example/mcp",
            "docs", 0);
    private static final String LINK = "https://latchkey.example/connect/abc";
    private static final String NOTICE = "<message-context>\nAuthURL: " + LINK + "\n</message-context>";

    private final AuthorizationAnswer answer = new AuthorizationAnswer(new JsonRpcAnswers(JSON));
    private final AtomicInteger flowsStarted = new AtomicInteger();

    @Test
    void anElicitationClientGetsUrlElicitationRequiredForAnyRequest() {
        AuthorizationAnswer.Answer answered = answer.answer(request("tools/list", "{}"), Audience.URL_ELICITATION,
                SERVER, flow());
        JsonNode error = answered.body().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32042);
        JsonNode elicitation = error.at("/data/elicitations/0");
        assertThat(elicitation.get("mode").asText()).isEqualTo("url");
        assertThat(elicitation.get("url").asText()).isEqualTo(LINK);
        assertThat(elicitation.get("elicitationId").asText()).isEqualTo("flw_1");
        assertThat(elicitation.get("message").asText()).contains("Docs");
        assertThat(answered.body().get("id").asInt()).isEqualTo(7);
        assertThat(answered.asked()).contains(new AuthorizationAnswer.Asked("flw_1",
                SessionAuthorization.Kind.URL_ELICITATION));
        assertThat(flowsStarted).hasValue(1);
    }

    @Test
    void aNoticeClientSeesTheAuthorizeToolThenTheNoticeAsAToolResult() {
        AuthorizationAnswer.Answer tools = answer.answer(request("tools/list", "{}"), Audience.NOTICE, SERVER, flow());
        assertThat(tools.body().at("/result/tools/0/name").asText()).isEqualTo(AuthorizationAnswer.AUTHORIZE_TOOL);
        assertThat(tools.body().at("/result/tools/0/inputSchema/type").asText()).isEqualTo("object");
        assertThat(tools.body().at("/result/tools")).hasSize(1);
        assertThat(tools.asked()).isEmpty();
        assertThat(flowsStarted).as("listing tools starts no flow").hasValue(0);

        AuthorizationAnswer.Answer authorize = answer.answer(request("tools/call",
                "{\"name\":\"" + AuthorizationAnswer.AUTHORIZE_TOOL + "\"}"), Audience.NOTICE, SERVER, flow());
        assertThat(authorize.body().at("/result/content/0/text").asText()).isEqualTo(NOTICE);
        assertThat(authorize.body().at("/result/isError").asBoolean()).isFalse();

        AuthorizationAnswer.Answer other = answer.answer(request("tools/call", "{\"name\":\"search\"}"),
                Audience.NOTICE, SERVER, flow());
        assertThat(other.body().at("/result/content/0/text").asText()).isEqualTo(NOTICE);
        assertThat(other.body().at("/result/isError").asBoolean()).isTrue();
        assertThat(other.asked()).contains(new AuthorizationAnswer.Asked("flw_1", SessionAuthorization.Kind.NOTICE));

        AuthorizationAnswer.Answer prompts = answer.answer(request("prompts/list", "{}"), Audience.NOTICE, SERVER,
                flow());
        assertThat(prompts.body().at("/error/code").asInt()).isEqualTo(AuthorizationAnswer.CODE);
        assertThat(flowsStarted).hasValue(3);
    }

    @Test
    void outsideASessionTheAnswerIsTheErrorWithTheNoticeAndPingIsAlwaysAnswered() {
        AuthorizationAnswer.Answer answered = answer.answer(request("tools/call", "{\"name\":\"search\"}"),
                Audience.OUTSIDE_SESSION, SERVER, flow());
        assertThat(answered.body().at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(answered.body().at("/error/message").asText()).isEqualTo(NOTICE);
        assertThat(answered.body().at("/error/data/authorizationUrl").asText()).isEqualTo(LINK);
        assertThat(answered.body().at("/error/data/flowId").asText()).isEqualTo("flw_1");
        assertThat(answered.asked()).isEmpty();

        for (Audience audience : Audience.values()) {
            AuthorizationAnswer.Answer pong = answer.answer(request("ping", "{}"), audience, SERVER, flow());
            assertThat(pong.body().get("result").isObject()).isTrue();
        }
        assertThat(flowsStarted).hasValue(1);
    }

    private Supplier<FlowStarter.Started> flow() {
        return () -> {
            flowsStarted.incrementAndGet();
            NewFlow row = new NewFlow("flw_1", "acme", "kim", "srv_1", "docs", SERVER.url(), SERVER.url(),
                    SERVER.url(), "https://as.example", "cli_1", "", null, "link", "https://as.example/authorize", true, null,
                    Instant.now().toEpochMilli(), Instant.now().plusSeconds(600).toEpochMilli());
            StoredEvent event = new StoredEvent(1, "evt_1", "assistant_mcp_auth_required", "acme", "kim", "srv_1",
                    "docs", Optional.of("flw_1"), Optional.empty(), Optional.empty(), Map.of(), NOTICE, Instant.now());
            return new FlowStarter.Started(Flow.pending(row), LINK, event);
        };
    }

    private static McpMessage request(String method, String params) {
        return McpMessage.of(("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8), JSON);
    }
}
