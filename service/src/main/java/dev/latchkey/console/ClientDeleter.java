package dev.latchkey.console;

/**
 * A console action, implemented by the service that owns the data (wired in
 * {@code LatchkeyApplication.run()}); the service audits it as done by {@code operator}.
 */
@FunctionalInterface
public interface ClientDeleter {

    /** Forgets a registered client so the next flow registers anew; false when unknown. */
    boolean delete(String clientRef, String operator);
}
