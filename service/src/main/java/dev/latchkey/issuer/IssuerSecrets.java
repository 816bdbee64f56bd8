package dev.latchkey.issuer;

import dev.latchkey.auth.BearerSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The opaque secrets of the authorization server — codes ({@code lka_}), refresh tokens ({@code lkr_}) and
 * client secrets ({@code lks_}): 256 random bits behind a lead that says what they are. Only their SHA-256 is
 * stored; a fast hash is right for random values.
 */
final class IssuerSecrets {

    static final String CODE = "lka_";
    static final String REFRESH_TOKEN = "lkr_";
    static final String CLIENT_SECRET = "lks_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private IssuerSecrets() {
    }

    static String mint(String lead) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return lead + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String value) {
        return BearerSecrets.hash(value);
    }

    /** Whether {@code presented} hashes to {@code storedHash}, compared in constant time. */
    static boolean matches(String storedHash, String presented) {
        return presented != null && MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(presented).getBytes(StandardCharsets.US_ASCII));
    }
}
