package dev.latchkey.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until something is true, within a generous bound; fails with a description of the last state. */
public final class Await {

    private Await() {
    }

    public static void until(Duration bound, BooleanSupplier condition, Supplier<String> lastState) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + bound.toSeconds() + " s: " + lastState.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
