package dev.latchkey.console;

/** A console action, implemented by the feature that owns the data (see {@link LocalConsoleActions}). */
@FunctionalInterface
public interface ClientDeleter {

    /** Forgets a registered client so the next flow registers anew; false when unknown. */
    boolean delete(String clientRef);
}
