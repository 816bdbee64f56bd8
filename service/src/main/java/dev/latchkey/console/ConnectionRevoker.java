package dev.latchkey.console;

/** A console action, implemented by the feature that owns the data (see {@link LocalConsoleActions}). */
@FunctionalInterface
public interface ConnectionRevoker {

    /** Revokes a connection; false when it is unknown or already revoked. */
    boolean revoke(String connectionId);
}
