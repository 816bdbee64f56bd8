package dev.latchkey.limits;

import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import java.time.Duration;
import java.util.Map;

/** The two 429 problems of the API: too many requests for a key, too many at once for a tenant. */
public final class LimitProblems {

    private LimitProblems() {
    }

    public static ProblemException rateLimited(Duration wait) {
        long seconds = TokenBuckets.retryAfterSeconds(wait);
        return new ProblemException(Problem.of(429, "rate_limited", "Too many requests",
                        "This API key has sent more requests than its rate allows; retry after " + seconds + " s.")
                .withExtension("retryAfterSeconds", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }

    public static ProblemException tooManyConcurrent(String what, int limit) {
        return new ProblemException(Problem.of(429, "too_many_concurrent", "Too many at once",
                        "This tenant already has " + limit + " " + what + " in progress on this instance; retry shortly.")
                .withExtension("retryAfterSeconds", 1), Map.of("Retry-After", "1"));
    }
}
