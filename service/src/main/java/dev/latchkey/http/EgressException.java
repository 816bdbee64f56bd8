package dev.latchkey.http;

/** An outbound request that was refused by the guard or did not complete. The message is safe to show. */
public final class EgressException extends RuntimeException {

    /** Why. */
    public enum Kind {
        /** The target resolves to a loopback, private, link-local, multicast or metadata address. */
        BLOCKED,
        /** Plain http to a non-development target. */
        INSECURE,
        TIMEOUT,
        TOO_LARGE,
        TOO_MANY_REDIRECTS,
        NETWORK
    }

    private final Kind kind;

    public EgressException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
