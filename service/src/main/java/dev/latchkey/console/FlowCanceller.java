package dev.latchkey.console;

/** A console action, implemented by the feature that owns the data (see {@link LocalConsoleActions}). */
@FunctionalInterface
public interface FlowCanceller {

    /** Cancels a pending flow; false when it is unknown or no longer pending. */
    boolean cancel(String flowId);
}
