package dev.latchkey.protocol;

/**
 * A token, refresh or revocation call that did not succeed. {@code REJECTED}: the server answered
 * with an OAuth error (e.g. invalid_grant); {@code UNAVAILABLE}: 5xx, timeout or network failure,
 * worth retrying later; {@code INVALID_RESPONSE}: an answer that is not a usable token response.
 * The error code and description are already sanitised.
 */
public final class TokenEndpointException extends RuntimeException {

    /** The failure classes. */
    public enum Kind { REJECTED, UNAVAILABLE, INVALID_RESPONSE }

    private final Kind kind;
    private final String errorCode;
    private final String description;

    public TokenEndpointException(Kind kind, String errorCode, String description) {
        super(errorCode + ": " + description, null, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
        this.description = description;
    }

    public Kind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }
}
