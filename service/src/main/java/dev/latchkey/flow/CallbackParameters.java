package dev.latchkey.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of an authorization response (RFC 6749 §4.1.2, RFC 9207), and the issuer key
 * of the redirect URI it came back through (empty: the shared {@code /oauth/callback}).
 */
public record CallbackParameters(Optional<String> state, Optional<String> code, Optional<String> error,
                                 Optional<String> errorDescription, Optional<String> iss,
                                 Optional<String> issuerKey) {

    /**
     * Reads a decoded query: the first value of each parameter (a repeated one's later values are
     * ignored, as a JAX-RS {@code @QueryParam} binds them); an empty value counts as absent.
     */
    public static CallbackParameters from(Map<String, List<String>> query) {
        return of(first(query, "state"), first(query, "code"), first(query, "error"),
                first(query, "error_description"), first(query, "iss"));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public static CallbackParameters of(String state, String code, String error, String errorDescription,
                                        String iss) {
        return new CallbackParameters(present(state), present(code), present(error), present(errorDescription),
                present(iss), Optional.empty());
    }

    /** The same response, as it arrived at the redirect URI of one authorization server. */
    public CallbackParameters at(String key) {
        return new CallbackParameters(state, code, error, errorDescription, iss, present(key));
    }

    private static Optional<String> present(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String toString() {
        return "CallbackParameters[state " + (state.isPresent() ? "present" : "absent") + ", code "
                + (code.isPresent() ? "present" : "absent") + ", error " + error.orElse("none") + "]";
    }
}
