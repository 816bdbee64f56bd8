package dev.latchkey.api;

/** Query parameters every list endpoint reads the same way. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A whole number from {@code min} to {@code max}, {@code dflt} when absent; anything else is the caller's error. */
    public static int bounded(String name, String value, int dflt, int min, int max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid_" + name, name + " must be a whole number from " + min
                + " to " + max + ".");
    }
}
