package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.gateway.servers.UpstreamServer;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What a generation-2 POST becomes before it goes upstream: checked, and the gateway's own state taken out. */
class Generation2ExchangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final GatewayCaller ALICE = new GatewayCaller("acme", "alice", List.of(), "gwt_1", "aaaaaaaaaa");
    private static final GatewayCaller BOB = new GatewayCaller("acme", "bob", List.of(), "gwt_2", "bbbbbbbbbb");
    private static final UpstreamServer SERVER = new UpstreamServer("srv_1", "acme", "GitHub",
            "https://mcp.example/mcp", "github", 0);
    private static final Map<String, String> HEADERS = Map.of("MCP-Protocol-Version", "2026-07-28",
            "Mcp-Method", "tools/call", "Mcp-Name", "echo");

    private final MutableClock clock = new MutableClock(T0);
    private StoreFixture fixture;
    private RequestState states;
    private Generation2Exchange exchange;

    @BeforeEach
    void open(@TempDir Path dir) {
        fixture = StoreFixture.open(TestDatabases.Kind.H2, dir);
        states = new RequestState(new Sealer(KeyringSource.fixed(Keyring.generate(clock))),
                new RequestStateStore(fixture.jdbi()), JSON, clock);
        exchange = new Generation2Exchange(null, null, states, null, null, new JsonRpcAnswers(JSON), JSON);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static ObjectNode call() {
        ObjectNode call = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 9).put("method", "tools/call");
        ObjectNode params = call.putObject("params").put("name", "echo");
        params.putObject("arguments").put("text", "hi");
        params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28")
                .putObject("io.modelcontextprotocol/clientCapabilities");
        return call;
    }

    private Generation2Exchange.Step prepare(ObjectNode message, GatewayCaller caller) throws Exception {
        return exchange.prepare(name -> HEADERS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null), JSON.writeValueAsBytes(message), caller, SERVER);
    }

    private String issue(ObjectNode message) {
        StatelessRequest request = ((StatelessRequest.Valid) StatelessRequest.read(HEADERS::get,
                message.toString().getBytes(), JSON)).request();
        return states.issue(states.bindingOf(ALICE, SERVER, request), "flw_1", T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aRequestWithoutTheGatewaysStateGoesOnUnchanged() throws Exception {
        ObjectNode message = call();
        ((ObjectNode) message.get("params")).put("requestState", "the upstream's own");

        Generation2Exchange.Step step = prepare(message, ALICE);

        assertThat(step).isInstanceOf(Generation2Exchange.Forward.class);
        Generation2Exchange.Forward forward = (Generation2Exchange.Forward) step;
        assertThat(JSON.readTree(forward.body())).isEqualTo(message);
        assertThat(forward.request().orElseThrow().method()).isEqualTo("tools/call");
    }

    @Test
    void theGatewaysStateAndInputResponseAreTakenOutOthersStay() throws Exception {
        ObjectNode retry = call();
        ObjectNode params = (ObjectNode) retry.get("params");
        params.put("requestState", issue(call()));
        ObjectNode responses = params.putObject("inputResponses");
        responses.putObject("latchkey_authorization").put("action", "accept");
        responses.putObject("upstream_question").put("action", "decline");

        Generation2Exchange.Step step = prepare(retry, ALICE);

        assertThat(step).isInstanceOf(Generation2Exchange.Forward.class);
        JsonNode forwarded = JSON.readTree(((Generation2Exchange.Forward) step).body());
        assertThat(forwarded.get("params").has("requestState")).isFalse();
        assertThat(forwarded.at("/params/inputResponses").toString())
                .isEqualTo("{\"upstream_question\":{\"action\":\"decline\"}}");
        assertThat(forwarded.at("/params/arguments/text").asText()).isEqualTo("hi");
    }

    @Test
    void anotherSubjectsOrASpentStateIsRefusedWithoutEchoingIt() throws Exception {
        String state = issue(call());
        ObjectNode retry = call();
        ((ObjectNode) retry.get("params")).put("requestState", state);

        Generation2Exchange.Step forBob = prepare(retry, BOB);
        assertThat(forBob).isInstanceOf(Generation2Exchange.Refused.class);
        Generation2Exchange.Refused refused = (Generation2Exchange.Refused) forBob;
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(refused.body().at("/id").asInt()).isEqualTo(9);
        assertThat(refused.body().toString()).doesNotContain(state);

        assertThat(prepare(retry, ALICE)).isInstanceOf(Generation2Exchange.Forward.class);
        assertThat(prepare(retry, ALICE)).as("spent").isInstanceOf(Generation2Exchange.Refused.class);
    }

    @Test
    void aMismatchedHeaderIsRefusedBeforeAnyState() throws Exception {
        ObjectNode other = call();
        ((ObjectNode) other.get("params")).put("name", "whoami");

        Generation2Exchange.Step step = prepare(other, ALICE);

        assertThat(step).isInstanceOf(Generation2Exchange.Refused.class);
        assertThat(((Generation2Exchange.Refused) step).body().at("/error/code").asInt()).isEqualTo(-32020);
    }
}
