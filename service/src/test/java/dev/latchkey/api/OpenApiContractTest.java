package dev.latchkey.api;

import dev.latchkey.testing.OpenApiContract;
import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test suite's contract check can fail: answers that break the document are caught, and only those. */
class OpenApiContractTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.instance();
    private static final String FLOW = """
            {"id":"flw_1","status":"pending","subject":"alice","createdAt":%s,
             "expiresAt":"2026-12-06T04:32:53.873Z",
             "server":{"id":"s","url":"https://mcp.example","resource":"https://mcp.example"},"scopes":[]}""";

    @Test
    void aFlowWithRfc3339TimesKeepsTheContract() {
        assertThatCode(() -> check("GET", "/v1/flows/flw_1", 200, "application/json",
                FLOW.formatted("\"2026-12-06T04:22:53.873Z\""))).doesNotThrowAnyException();
    }

    @Test
    void epochSecondsForATimeBreakIt() {
        assertThatThrownBy(() -> check("GET", "/v1/flows/flw_1", 200, "application/json",
                FLOW.formatted("1796531047.173"))).isInstanceOf(AssertionError.class).hasMessageContaining("createdAt");
    }

    @Test
    void theOldEnvelopesBreakIt() {
        assertThatThrownBy(() -> check("GET", "/v1/webhooks/whk_1/deliveries", 200, "application/json",
                "{\"deliveries\":[]}")).isInstanceOf(AssertionError.class).hasMessageContaining("items");
        assertThatThrownBy(() -> check("GET", "/v1/events", 200, "application/json",
                "{\"events\":[],\"nextCursor\":\"x\"}")).isInstanceOf(AssertionError.class);
    }

    @Test
    void anUndocumentedCodeOrOperationBreaksIt() {
        assertThatThrownBy(() -> check("GET", "/v1/flows/flw_1", 404, "application/problem+json",
                "{\"type\":\"urn:latchkey:problem:nope\",\"title\":\"t\",\"status\":404,\"code\":\"nope\"}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check("GET", "/v1/nowhere", 200, "application/json", "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no documented operation");
        assertThatThrownBy(() -> check("DELETE", "/v1/servers/srv_1", 204, "application/json", "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("without a body");
    }

    @Test
    void aProblemAnswerMustBeProblemJson() {
        String problem = "{\"type\":\"urn:latchkey:problem:not_found\",\"title\":\"Not found\",\"status\":404,"
                + "\"code\":\"not_found\"}";
        assertThatCode(() -> check("GET", "/v1/flows/flw_1", 404, "application/problem+json", problem))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check("GET", "/v1/flows/flw_1", 404, "text/html", "<p>gone</p>"))
                .isInstanceOf(AssertionError.class);
    }

    private static void check(String method, String path, int status, String type, String body) {
        CONTRACT.check(method, URI.create("http://127.0.0.1" + path), status, type, body);
    }
}
