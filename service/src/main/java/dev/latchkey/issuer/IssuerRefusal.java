package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.util.Objects;

/**
 * Why the authorization server refuses a request. An {@link OAuth} refusal is answered as RFC 6749 / 7591
 * error JSON (or, on the authorization endpoint once the client and redirect URI are verified, as an error
 * redirect); a {@link Page} refusal is a page a person reads — never a redirect to an unverified URI. The
 * messages are safe to show: they never hold a secret.
 */
public sealed abstract class IssuerRefusal extends RuntimeException {

    IssuerRefusal(String message) {
        super(message, null, false, false);
    }

    /** An OAuth error: {@code error} and {@code error_description}, with the HTTP status the error has. */
    public static final class OAuth extends IssuerRefusal {
        private final ErrorObject error;

        public OAuth(ErrorObject error, String description) {
            super(description);
            this.error = Objects.requireNonNull(error, "error").setDescription(legal(description));
        }

        public ErrorObject error() {
            return error;
        }
    }

    /** A refusal a person reads on an HTML page. */
    public static final class Page extends IssuerRefusal {
        private final int status;
        private final String title;

        public Page(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        public String detail() {
            return getMessage();
        }
    }

    static OAuth oauth(ErrorObject error, String description) {
        return new OAuth(error, description);
    }

    /**
     * The text as an {@code error_description} may carry it (RFC 6749 §5.2: printable ASCII without
     * {@code "} and {@code \}); a parser's message can quote anything the request held.
     */
    static String legal(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
