package dev.latchkey.discovery;

import dev.latchkey.protocol.Failure;
import java.time.Duration;

/** The time one discovery has left, across all of its requests. */
record Deadline(long endNanos, Duration total) {

    static Deadline after(Duration total) {
        return new Deadline(System.nanoTime() + total.toNanos(), total);
    }

    /** What is left for the next request; fails the discovery once nothing is. */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw Failure.upstream("discovery_failed", "discovery took longer than " + total.toSeconds()
                    + " s in total (discovery.deadline); the servers answer too slowly");
        }
        return Duration.ofNanos(left);
    }
}
