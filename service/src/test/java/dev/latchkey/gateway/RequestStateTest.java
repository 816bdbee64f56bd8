package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's requestState: sealed, bound to its request and subject, expiring, accepted once. */
class RequestStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(clock)));
    private StoreFixture fixture;
    private RequestState states;

    @BeforeEach
    void open(@TempDir Path dir) {
        fixture = StoreFixture.open(TestDatabases.Kind.H2, dir);
        states = new RequestState(sealer, new RequestStateStore(fixture.jdbi()), JSON, clock);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private RequestState.Binding binding(String subject, String tool, String text) {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.putObject("arguments").put("text", text);
        return new RequestState.Binding("acme", subject, "srv_1", "tools/call", tool, states.digest(params));
    }

    @Test
    void aStateOpensOnceForTheRequestItWasIssuedFor() {
        RequestState.Binding binding = binding("alice", "echo", "hi");
        String state = states.issue(binding, "flw_1", T0.plus(Duration.ofMinutes(10)));

        assertThat(state).startsWith(RequestState.PREFIX).doesNotContain("flw_1").doesNotContain("alice");
        assertThat(states.open(state, binding))
                .isEqualTo(new RequestState.Accepted("flw_1", T0.plus(Duration.ofMinutes(10))));
        assertThat(states.open(state, binding)).as("replayed")
                .isEqualTo(new RequestState.Refused(RequestState.Reason.REPLAYED));
    }

    @Test
    void anotherSubjectRequestOrTenantCannotUseIt() {
        RequestState.Binding binding = binding("alice", "echo", "hi");
        String state = states.issue(binding, "flw_1", T0.plus(Duration.ofMinutes(10)));

        RequestState.Refused invalid = new RequestState.Refused(RequestState.Reason.INVALID);
        assertThat(states.open(state, binding("bob", "echo", "hi"))).isEqualTo(invalid);
        assertThat(states.open(state, binding("alice", "whoami", "hi"))).isEqualTo(invalid);
        assertThat(states.open(state, binding("alice", "echo", "other arguments"))).isEqualTo(invalid);
        assertThat(states.open(state, new RequestState.Binding("globex", "alice", "srv_1", "tools/call", "echo",
                binding.paramsDigest()))).isEqualTo(invalid);
        assertThat(states.open(state, new RequestState.Binding("acme", "alice", "srv_2", "tools/call", "echo",
                binding.paramsDigest()))).isEqualTo(invalid);
        assertThat(states.open(state, binding)).as("refusals did not use it up")
                .isInstanceOf(RequestState.Accepted.class);
    }

    @Test
    void aChangedOrForeignStateIsInvalid() {
        RequestState.Binding binding = binding("alice", "echo", "hi");
        String state = states.issue(binding, "flw_1", T0.plus(Duration.ofMinutes(10)));
        int at = state.length() - 10;
        String flipped = state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);

        RequestState.Refused invalid = new RequestState.Refused(RequestState.Reason.INVALID);
        assertThat(states.open(flipped, binding)).isEqualTo(invalid);
        assertThat(states.open(state + "x", binding)).isEqualTo(invalid);
        assertThat(states.open("upstream-state", binding)).isEqualTo(invalid);
        assertThat(states.open(RequestState.PREFIX + "v1.kid." + Base64.getUrlEncoder()
                .encodeToString("{\"sid\":\"x\",\"fid\":\"flw_9\",\"exp\":9999999999}"
                        .getBytes(StandardCharsets.UTF_8)), binding)).isEqualTo(invalid);
        assertThat(states.open(state, binding)).isInstanceOf(RequestState.Accepted.class);
    }

    @Test
    void anExpiredStateIsRefused() {
        RequestState.Binding binding = binding("alice", "echo", "hi");
        String state = states.issue(binding, "flw_1", T0.plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10));

        assertThat(states.open(state, binding)).isEqualTo(new RequestState.Refused(RequestState.Reason.EXPIRED));
    }

    @Test
    void theDigestLeavesOutWhatChangesBetweenLegs() {
        ObjectNode first = JSON.createObjectNode().put("name", "echo");
        first.putObject("arguments").put("text", "hi");
        first.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        ObjectNode retry = first.deepCopy().put("requestState", "lkrs1.x");
        retry.putObject("inputResponses").putObject("latchkey_authorization").put("action", "accept");
        retry.putObject("_meta").put("progressToken", 3);

        assertThat(states.digest(retry)).isEqualTo(states.digest(first));

        ObjectNode reordered = JSON.createObjectNode();
        reordered.putObject("arguments").put("text", "hi");
        reordered.put("name", "echo");
        assertThat(states.digest(reordered)).as("key order does not count").isEqualTo(states.digest(first));
        reordered.putObject("arguments").put("text", "other");
        assertThat(states.digest(reordered)).isNotEqualTo(states.digest(first));
    }
}
