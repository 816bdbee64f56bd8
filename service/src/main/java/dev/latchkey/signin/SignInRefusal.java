package dev.latchkey.signin;

/** Why a sign-in page refused, as the person reading it is told; never internals or secrets. */
public enum SignInRefusal {
    BAD_CONTINUE(400, "This sign-in link is not valid",
            "The page that sent you here asked to return somewhere other than Latchkey. Go back and try again."),
    UNKNOWN_PROVIDER(404, "Unknown identity provider",
            "There is no identity provider of that name here. Go back and choose one of the offered ones."),
    NO_PROVIDER(404, "Sign-in is not set up", "This Latchkey has no identity provider where users can sign in."),
    PROVIDER_UNAVAILABLE(502, "The identity provider cannot be reached",
            "Latchkey could not talk to the identity provider. Try again in a moment."),
    INVALID_REQUEST(400, "This sign-in answer is not valid",
            "The identity provider's answer was incomplete. Start signing in again."),
    UNKNOWN_STATE(400, "This sign-in is unknown or was already used",
            "Each sign-in works once. Start signing in again."),
    EXPIRED(400, "This sign-in has expired", "A sign-in must be finished within a few minutes. Start again."),
    OTHER_BROWSER(400, "This sign-in was started in another browser",
            "For your safety a sign-in finishes only in the browser that started it. Start signing in again here."),
    WRONG_ISSUER(400, "This answer did not come from the identity provider",
            "The answer named another issuer than the identity provider it was sent to. Start signing in again."),
    PROVIDER_REFUSED(400, "The identity provider did not sign you in",
            "The identity provider answered with an error. Start signing in again, or ask the operator."),
    TOKEN_FAILED(502, "The sign-in could not be completed",
            "The identity provider did not confirm the sign-in. Start signing in again."),
    INVALID_ID_TOKEN(400, "The sign-in could not be verified",
            "The identity provider's answer about who you are did not hold. Start signing in again."),
    NOT_ALLOWED(403, "You may not sign in here",
            "The operator has not allowed your account to use this Latchkey. Ask them for access."),
    INVALID_NAME(400, "That user name is not valid", "Type 1 to 200 characters, without control characters."),
    STALE_FORM(403, "This form was stale", "The form did not come from this browser's page. Reload it and try again.");

    private final int status;
    private final String title;
    private final String detail;

    SignInRefusal(int status, String title, String detail) {
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
