package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's own generation-2 results, as a 2026-07-28 client reads them. */
class InputRequiredAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final InputRequiredAnswer answers = new InputRequiredAnswer(JSON);

    @Test
    void inputRequiredCarriesOneUrlElicitationAndTheState() throws Exception {
        JsonNode answer = JSON.readTree(JSON.writeValueAsString(answers.inputRequired(new IntNode(4),
                "Authorize access", "https://latchkey.example/connect/abc", "lkrs1.sealed")));

        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.get("id").asInt()).isEqualTo(4);
        JsonNode result = answer.get("result");
        assertThat(result.get("resultType").asText()).isEqualTo("input_required");
        assertThat(result.get("requestState").asText()).isEqualTo("lkrs1.sealed");
        assertThat(result.get("inputRequests").size()).isEqualTo(1);
        JsonNode elicitation = result.at("/inputRequests/latchkey_authorization");
        assertThat(elicitation.get("method").asText()).isEqualTo("elicitation/create");
        assertThat(elicitation.at("/params/mode").asText()).isEqualTo("url");
        assertThat(elicitation.at("/params/url").asText()).isEqualTo("https://latchkey.example/connect/abc");
        assertThat(elicitation.at("/params/message").asText()).isEqualTo("Authorize access");
        assertThat(elicitation.at("/params").has("elicitationId")).as("gone in 2026-07-28").isFalse();
    }

    @Test
    void aClientWithoutUrlElicitationGetsTheNoticeAsAFailedToolResult() {
        JsonNode answer = answers.toolError(new TextNode("c-1"), "<message-context>\n…</message-context>");

        assertThat(answer.get("id").asText()).isEqualTo("c-1");
        assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(answer.at("/result/isError").asBoolean()).isTrue();
        assertThat(answer.at("/result/content/0/type").asText()).isEqualTo("text");
        assertThat(answer.at("/result/content/0/text").asText()).startsWith("<message-context>");
    }

    @Test
    void discoveryBeforeAuthorizationIsPrivateAndUncached() {
        JsonNode answer = answers.discovery(new IntNode(1), "2026-07-28", "GitHub", "authorize first");

        assertThat(answer.at("/result/supportedVersions/0").asText()).isEqualTo("2026-07-28");
        assertThat(answer.at("/result/capabilities/tools").isObject()).isTrue();
        assertThat(answer.at("/result/cacheScope").asText()).isEqualTo("private");
        assertThat(answer.at("/result/ttlMs").asInt()).isZero();
        assertThat(answer.at("/result/instructions").asText()).isEqualTo("authorize first");
    }
}
