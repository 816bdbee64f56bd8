package dev.latchkey.api;

import dev.latchkey.protocol.Failure;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;
import java.util.Map;

/**
 * The one place a {@link Failure} becomes HTTP: the kind picks the status, the code and the (already
 * safe) description go into the problem document as they are, the ids the caller needs to follow up
 * become extensions, and a retry hint becomes {@code Retry-After}. On the browser pages and in the
 * console the same problem is rendered as a page by their response filters.
 */
public final class FailureMapper implements ExceptionMapper<Failure> {

    /** Problem types with a title of their own (RFC 9457: one title per type); the others take their kind's. */
    private static final Map<String, String> TITLES = Map.of(
            "discovery_failed", "Discovery failed",
            "issuer_mismatch", "Discovery failed",
            "pkce_unsupported", "Discovery failed",
            "insecure_endpoint", "Discovery failed",
            "resource_mismatch", "Discovery failed",
            "reauthorization_required", "Authorization required",
            "authorization_server_unavailable", "Authorization server unavailable",
            "refresh_in_progress", "Refresh in progress",
            "step_up_limit", "Step-up limit reached");

    @Override
    public Response toResponse(Failure failure) {
        return ProblemResponses.of(problem(failure), failure.retryAfter()
                .map(wait -> Map.of("Retry-After", String.valueOf(seconds(wait)))).orElse(Map.of()));
    }

    static Problem problem(Failure failure) {
        Problem problem = Problem.of(status(failure.kind()), failure.code(), title(failure), failure.description());
        for (Map.Entry<String, String> reference : failure.references().entrySet()) {
            problem = problem.withExtension(reference.getKey(), reference.getValue());
        }
        return problem;
    }

    public static int status(Failure.Kind kind) {
        return switch (kind) {
            case REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            // Our answer cannot be better than what the remote side gave us: a bad gateway, not a bug here.
            case UPSTREAM, REJECTED, INVALID_RESPONSE -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    /** Whole seconds, rounded up and at least one: a client that waits as told is never early. */
    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String title(Failure failure) {
        if (failure.flowId().isPresent()) {
            return "The flow could not start";
        }
        return TITLES.getOrDefault(failure.code(), switch (failure.kind()) {
            case REQUEST -> "Bad request";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UPSTREAM -> "Upstream failure";
            case REJECTED -> "Refused upstream";
            case UNAVAILABLE -> "Upstream unavailable";
            case INVALID_RESPONSE -> "Invalid upstream response";
        });
    }
}
