package dev.latchkey.gateway.session;

/**
 * An authorization a session's client was asked for: the flow whose link it got, and how —
 * {@link Kind#URL_ELICITATION} (error -32042, its {@code elicitationId} the flow id) or {@link Kind#NOTICE}
 * (the notice as a tool result). Announced on the client's event stream once the flow has finished.
 */
public record SessionAuthorization(String sessionId, String flowId, Kind kind) {

    public enum Kind { URL_ELICITATION, NOTICE }
}
