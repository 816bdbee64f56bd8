package dev.latchkey.signin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a browser goes back to once signed in: a path (with query) on Latchkey's own origin, never
 * anywhere else. {@code //host} and {@code /\host} are refused (browsers read both as another host),
 * as are a scheme, control characters, backslashes and anything that is not a well-formed path.
 */
public record ContinuePath(String value) {

    static final int MAX_LENGTH = 4000;

    public ContinuePath {
        if (!isSafe(value)) {
            throw new IllegalArgumentException("not a path on this origin");
        }
    }

    public static Optional<ContinuePath> parse(String value) {
        return isSafe(value) ? Optional.of(new ContinuePath(value)) : Optional.empty();
    }

    static boolean isSafe(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.charAt(0) != '/'
                || value.startsWith("//") || value.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return false;
            }
        }
        try {
            URI uri = new URI(value);
            return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
