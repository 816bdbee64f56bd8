package dev.latchkey.flow;

import dev.latchkey.flow.store.Flow;
import java.util.Optional;

/** What the browser is told after the authorization server sent it back: honest, never "complete" on failure. */
public record CallbackResult(Kind kind, Optional<Flow> flow, Optional<String> errorCode,
                             Optional<String> errorDescription) {

    /** The outcomes a user can meet. */
    public enum Kind {
        /** Connected: the tokens are stored. */
        SUCCESS,
        /** The authorization ended in a failure, now recorded on the flow. */
        FAILED,
        /** The response could not be trusted (missing, tampered or unknown state). */
        INVALID,
        /** This response was already used; nothing changed. */
        REPLAYED,
        /** The link or state expired. */
        EXPIRED,
        /** The response arrived in a browser other than the one that opened the link. */
        WRONG_BROWSER
    }

    public static CallbackResult of(Kind kind, Flow flow) {
        return new CallbackResult(kind, Optional.ofNullable(flow), Optional.empty(), Optional.empty());
    }

    static CallbackResult failed(Flow flow, String code, String description) {
        return new CallbackResult(Kind.FAILED, Optional.of(flow), Optional.of(code), Optional.ofNullable(description));
    }
}
