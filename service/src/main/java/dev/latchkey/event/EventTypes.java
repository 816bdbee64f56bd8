package dev.latchkey.event;

/** The event types an assistant runtime learns about. */
public final class EventTypes {

    /** A flow was created: relay its AuthURL to the user. */
    public static final String AUTH_REQUIRED = "assistant_mcp_auth_required";
    /** A flow finished: Status success or failed. */
    public static final String AUTH_RESULT = "assistant_mcp_auth";
    /** A connection can no longer be refreshed: the user must authorize again. */
    public static final String REAUTHORIZATION_REQUIRED = "connection_reauthorization_required";
    /** A connection was revoked (disconnect). */
    public static final String CONNECTION_REVOKED = "connection_revoked";

    /** Every type, in the order the instructions list them. */
    public static final java.util.List<String> ALL =
            java.util.List.of(AUTH_REQUIRED, AUTH_RESULT, REAUTHORIZATION_REQUIRED, CONNECTION_REVOKED);

    private EventTypes() {
    }
}
