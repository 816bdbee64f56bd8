package dev.latchkey.api;

import dev.latchkey.protocol.Failure;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The one mapping from a failure to HTTP: each kind's status and title, the code and description as raised. */
class FailureMapperTest {

    private final FailureMapper mapper = new FailureMapper();

    @ParameterizedTest
    @CsvSource({
            "REQUEST, 400, Bad request",
            "NOT_FOUND, 404, Not found",
            "CONFLICT, 409, Conflict",
            "UPSTREAM, 502, Upstream failure",
            "REJECTED, 502, Refused upstream",
            "INVALID_RESPONSE, 502, Invalid upstream response",
            "UNAVAILABLE, 503, Upstream unavailable"})
    void eachKindHasItsStatusAndTitle(Failure.Kind kind, int status, String title) {
        Response response = mapper.toResponse(Failure.of(kind, "some_code", "What went wrong, safely."));

        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isEqualTo(title);
        assertThat(problem.code()).isEqualTo("some_code");
        assertThat(problem.type()).isEqualTo("urn:latchkey:problem:some_code");
        assertThat(problem.detail()).isEqualTo("What went wrong, safely.");
        assertThat(problem.extensions()).isEmpty();
        assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
    }

    @Test
    void everyKindIsMapped() {
        for (Failure.Kind kind : Failure.Kind.values()) {
            assertThat(FailureMapper.status(kind)).as(kind.name()).isBetween(400, 599);
        }
    }

    @Test
    void aFailureThatEndedAFlowNamesItAndKeepsItsKindsStatus() {
        Failure failure = Failure.upstream("discovery_failed", "no protected-resource metadata at https://x.test")
                .endingFlow("flw_123");

        Problem problem = (Problem) mapper.toResponse(failure).getEntity();

        assertThat(problem.status()).isEqualTo(502);
        assertThat(problem.title()).isEqualTo("The flow could not start");
        assertThat(problem.code()).isEqualTo("discovery_failed");
        assertThat(problem.detail()).isEqualTo("no protected-resource metadata at https://x.test");
        assertThat(problem.extensions()).isEqualTo(Map.of("flowId", "flw_123"));
    }

    @Test
    void aRequestFailureThatEndedAFlowIsStillTheCallersFault() {
        Problem problem = FailureMapper.problem(Failure.request("discovery_failed", "not a URL").endingFlow("flw_9"));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.title()).isEqualTo("The flow could not start");
    }

    @ParameterizedTest
    @CsvSource({
            "discovery_failed, UPSTREAM, Discovery failed",
            "issuer_mismatch, UPSTREAM, Discovery failed",
            "pkce_unsupported, UPSTREAM, Discovery failed",
            "insecure_endpoint, UPSTREAM, Discovery failed",
            "resource_mismatch, UPSTREAM, Discovery failed",
            "reauthorization_required, CONFLICT, Authorization required",
            "authorization_server_unavailable, UNAVAILABLE, Authorization server unavailable",
            "refresh_in_progress, UNAVAILABLE, Refresh in progress",
            "step_up_limit, CONFLICT, Step-up limit reached"})
    void problemTypesWithATitleOfTheirOwnKeepIt(String code, Failure.Kind kind, String title) {
        assertThat(FailureMapper.problem(Failure.of(kind, code, "Why.")).title()).isEqualTo(title);
    }

    @Test
    void aConnectionFailureNamesTheConnection() {
        Problem problem = FailureMapper.problem(Failure.conflict("reauthorization_required",
                "The connection needs a new authorization (invalid_grant: gone).").concerningConnection("con_7"));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.title()).isEqualTo("Authorization required");
        assertThat(problem.extensions()).isEqualTo(Map.of("connectionId", "con_7"));
    }

    @Test
    void aRetryHintBecomesRetryAfterInWholeSecondsRoundedUp() {
        Response response = mapper.toResponse(Failure.unavailable("authorization_server_unavailable", "Later.")
                .retryAfter(Duration.ofMillis(4200)));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(mapper.toResponse(Failure.unavailable("refresh_in_progress", "Soon.")
                .retryAfter(Duration.ZERO)).getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void endingAFlowKeepsTheFailureItself() {
        Failure raised = Failure.rejected("invalid_grant", "The grant expired.");
        Failure ended = raised.endingFlow("flw_1");

        assertThat(ended.kind()).isEqualTo(raised.kind());
        assertThat(ended.code()).isEqualTo(raised.code());
        assertThat(ended.description()).isEqualTo(raised.description());
        assertThat(ended.summary()).isEqualTo("invalid_grant: The grant expired.");
        assertThat(raised.flowId()).isEmpty();
    }
}
