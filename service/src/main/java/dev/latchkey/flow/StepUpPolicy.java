package dev.latchkey.flow;

import dev.latchkey.api.Problem;
import dev.latchkey.api.ProblemException;
import dev.latchkey.connection.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Bounds step-up re-authorization: at most {@code maxAttempts} flows for one (connection,
 * requested scope set) within the window, so a server that keeps answering insufficient_scope
 * cannot send the user round in circles.
 */
public final class StepUpPolicy {

    private final Jdbi jdbi;
    private final int maxAttempts;
    private final Duration window;
    private final Clock clock;

    public StepUpPolicy(Jdbi jdbi, int maxAttempts, Duration window, Clock clock) {
        this.jdbi = jdbi;
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.clock = clock;
    }

    public void check(Connection connection, List<String> scopes) {
        long since = clock.millis() - window.toMillis();
        int attempts = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM flows WHERE step_up_of = :connection AND scopes = :scopes AND created_at > :since""")
                .bind("connection", connection.id()).bind("scopes", String.join(" ", scopes)).bind("since", since)
                .mapTo(Integer.class).one());
        if (attempts >= maxAttempts) {
            throw new ProblemException(Problem.of(409, "step_up_limit", "Step-up limit reached",
                    "The server asked for more scopes " + attempts + " times within " + window.toMinutes()
                            + " minutes; Latchkey stops re-authorizing for this scope set. Check the server's "
                            + "scope requirements."));
        }
    }
}
