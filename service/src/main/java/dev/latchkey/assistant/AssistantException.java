package dev.latchkey.assistant;

/**
 * Why a tool could not do what it was asked, in words the model can relay to the user. Never holds
 * a secret: the message names servers and flows by their public ids only.
 */
final class AssistantException extends RuntimeException {

    enum Kind { INVALID_ARGUMENT, NOT_FOUND, NOT_ALLOWED }

    private final Kind kind;

    AssistantException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static AssistantException invalid(String message) {
        return new AssistantException(Kind.INVALID_ARGUMENT, message);
    }

    static AssistantException notFound(String message) {
        return new AssistantException(Kind.NOT_FOUND, message);
    }

    static AssistantException notAllowed(String message) {
        return new AssistantException(Kind.NOT_ALLOWED, message);
    }
}
