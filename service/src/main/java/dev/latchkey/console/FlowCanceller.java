package dev.latchkey.console;

/**
 * A console action, implemented by the service that owns the data (wired in
 * {@code LatchkeyApplication.run()}); the service audits it as done by {@code operator}.
 */
@FunctionalInterface
public interface FlowCanceller {

    /** Cancels a pending flow with its result event; false when it is unknown or no longer pending. */
    boolean cancel(String flowId, String operator);
}
