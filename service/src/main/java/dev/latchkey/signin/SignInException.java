package dev.latchkey.signin;

/** A sign-in refused for a reason the person is told ({@link SignInRefusal}); the message is for the log. */
public final class SignInException extends RuntimeException {

    private final SignInRefusal refusal;

    /** {@code logMessage} may quote what a browser or a provider sent: control characters are replaced, so no line is forged. */
    public SignInException(SignInRefusal refusal, String logMessage) {
        super(logMessage.replaceAll("\\p{Cntrl}", "?"), null, false, false);
        this.refusal = refusal;
    }

    public SignInRefusal refusal() {
        return refusal;
    }
}
