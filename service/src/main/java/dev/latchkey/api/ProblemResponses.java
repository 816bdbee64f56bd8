package dev.latchkey.api;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Turns a {@link Problem} into a response: problem JSON on the API, a readable page in a browser. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return of(problem, Map.of());
    }

    public static Response of(Problem problem, Map<String, String> headers) {
        Problem withId = problem.withRequestId(RequestIds.current());
        Response.ResponseBuilder builder = Response.status(withId.status())
                .type(Problem.MEDIA_TYPE)
                .entity(withId);
        headers.forEach(builder::header);
        return builder.build();
    }
}
