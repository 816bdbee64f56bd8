package dev.latchkey.security;

/** A sealed value could not be opened: tampered, moved to another owner, or its key retired. */
public final class SealedValueException extends RuntimeException {

    public SealedValueException(String message) {
        super(message, null, false, false);
    }
}
