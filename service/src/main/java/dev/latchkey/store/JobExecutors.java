package dev.latchkey.store;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops the executor of a background job so that nothing of it runs once its {@code stop()}
 * returns: the database pool closes right after the jobs have stopped. A pass in progress is let
 * finish (interrupting it mid-statement would fail it) for a bounded time.
 */
public final class JobExecutors {

    /** Longer than one pass of any job; a pass still running then is interrupted. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private JobExecutors() {
    }

    public static void stop(ExecutorService executor) throws InterruptedException {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        if (!executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(1, TimeUnit.SECONDS);
        }
    }
}
