package dev.latchkey.signin;

/** A sign-in refused for a reason the person is told ({@link SignInRefusal}); the message is for the log. */
public final class SignInException extends RuntimeException {

    private final SignInRefusal refusal;

    public SignInException(SignInRefusal refusal, String logMessage) {
        super(logMessage, null, false, false);
        this.refusal = refusal;
    }

    public SignInRefusal refusal() {
        return refusal;
    }
}
