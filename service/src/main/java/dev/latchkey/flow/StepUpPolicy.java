package dev.latchkey.flow;

import dev.latchkey.connection.Connection;
import dev.latchkey.flow.store.FlowStore;
import dev.latchkey.protocol.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Bounds step-up re-authorization: at most {@code maxAttempts} flows for one (connection,
 * requested scope set) within the window, so a server that keeps answering insufficient_scope
 * cannot send the user round in circles.
 */
public final class StepUpPolicy {

    private final FlowStore flows;
    private final int maxAttempts;
    private final Duration window;
    private final Clock clock;

    public StepUpPolicy(FlowStore flows, int maxAttempts, Duration window, Clock clock) {
        this.flows = flows;
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.clock = clock;
    }

    public void check(Connection connection, List<String> scopes) {
        long since = clock.millis() - window.toMillis();
        // Compared as sets: the union's order follows the connection's scopes, which the
        // authorization server may return in any order after each step-up.
        Set<String> requested = Set.copyOf(scopes);
        List<String> earlier = flows.stepUpScopes(connection.id(), since);
        long attempts = earlier.stream().map(StepUpPolicy::scopeSet).filter(requested::equals).count();
        if (attempts >= maxAttempts) {
            throw Failure.conflict("step_up_limit", "The server asked for more scopes " + attempts
                    + " times within " + window.toMinutes() + " minutes; Latchkey stops re-authorizing for this scope"
                    + " set. Check the server's scope requirements.").concerningConnection(connection.id());
        }
    }

    private static Set<String> scopeSet(String joined) {
        return joined == null || joined.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(joined.trim().split(" +")));
    }
}
