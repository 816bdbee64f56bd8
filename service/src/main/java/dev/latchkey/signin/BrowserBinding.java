package dev.latchkey.signin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The random value of a browser's sign-in binding cookie; only its hash is stored. */
final class BrowserBinding {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    private BrowserBinding() {
    }

    static String mint() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static boolean isWellFormed(String value) {
        return value != null && FORM.matcher(value).matches();
    }
}
