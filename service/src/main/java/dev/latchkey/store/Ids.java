package dev.latchkey.store;

import java.security.SecureRandom;

/** Opaque identifiers: a type prefix and 128 random bits in lowercase base32, e.g. {@code flw_…}. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Ids() {
    }

    public static String mint(String prefix) {
        return prefix + "_" + randomBase32(26);
    }

    public static String randomBase32(int length) {
        char[] out = new char[length];
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[bytes[i] & 31];
        }
        return new String(out);
    }
}
