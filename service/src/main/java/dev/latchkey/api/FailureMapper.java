package dev.latchkey.api;

import dev.latchkey.protocol.Failure;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The one place a {@link Failure} becomes HTTP: the kind picks the status and title, the code and the
 * (already safe) description go into the problem document as they are. A failure that ended a flow
 * names it, so the caller can read the flow's timeline. Browser pages render the same problem as a page.
 */
public final class FailureMapper implements ExceptionMapper<Failure> {

    @Override
    public Response toResponse(Failure failure) {
        return ProblemResponses.of(problem(failure));
    }

    static Problem problem(Failure failure) {
        Problem problem = Problem.of(status(failure.kind()), failure.code(),
                failure.flowId().isPresent() ? "The flow could not start" : title(failure.kind()),
                failure.description());
        return failure.flowId().map(id -> problem.withExtension("flowId", id)).orElse(problem);
    }

    static int status(Failure.Kind kind) {
        return switch (kind) {
            case REQUEST -> 400;
            // Our answer cannot be better than what the remote side gave us: a bad gateway, not a bug here.
            case UPSTREAM, REJECTED, INVALID_RESPONSE -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    private static String title(Failure.Kind kind) {
        return switch (kind) {
            case REQUEST -> "Bad request";
            case UPSTREAM -> "Upstream failure";
            case REJECTED -> "Refused upstream";
            case UNAVAILABLE -> "Upstream unavailable";
            case INVALID_RESPONSE -> "Invalid upstream response";
        };
    }
}
