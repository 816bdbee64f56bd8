package dev.latchkey.flow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cookie value that ties a flow to the browser that opened its link (the binding cookie).
 * Only a hash of its random value is stored on the flow, so the database never holds a usable binding.
 */
public final class BrowserBinding {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserBinding() {
    }

    public static String mint() {
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** The presented cookie value, if it has the right form. */
    public static Optional<String> valid(String cookie) {
        return Optional.ofNullable(cookie).filter(value -> FORMAT.matcher(value).matches());
    }

    public static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    public static boolean matches(Optional<String> presented, Optional<String> storedHash) {
        return presented.isPresent() && storedHash.isPresent()
                && MessageDigest.isEqual(hash(presented.get()).getBytes(StandardCharsets.US_ASCII),
                storedHash.get().getBytes(StandardCharsets.US_ASCII));
    }
}
