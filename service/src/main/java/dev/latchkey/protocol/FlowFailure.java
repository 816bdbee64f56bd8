package dev.latchkey.protocol;

import java.util.Objects;

/**
 * Why a flow (or one of its steps) could not go on. {@code code} is stable and machine-readable
 * (ours, or an RFC 6749 error code from the authorization server after sanitising); the
 * description is safe to show a user, a model or a log: it never holds a secret.
 */
public final class FlowFailure extends RuntimeException {

    private final String code;
    private final String description;
    private final int httpStatus;

    public FlowFailure(String code, String description, int httpStatus) {
        super(code + ": " + description, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.description = Objects.requireNonNull(description, "description");
        this.httpStatus = httpStatus;
    }

    /** A failure caused by the remote side or its configuration: 502 on the API. */
    public static FlowFailure upstream(String code, String description) {
        return new FlowFailure(code, description, 502);
    }

    /** A failure caused by the request: 400 on the API. */
    public static FlowFailure request(String code, String description) {
        return new FlowFailure(code, description, 400);
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
