package dev.latchkey.store;

import java.security.SecureRandom;

/**
 * Opaque identifiers: a type prefix, then 26 lowercase base32 characters — the creation time in
 * milliseconds (10 characters, so identifiers sort by creation) and 80 random bits (16), e.g.
 * {@code flw_…}. Time-ordered identifiers land at the right edge of their indexes, so an insert
 * appends to a cached page instead of reading a random one (docs/benchmarks.md).
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** In ASCII order, so that the time characters sort as the time does. */
    private static final char[] BASE32 = "234567abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;

    private Ids() {
    }

    public static String mint(String prefix) {
        return mint(prefix, System.currentTimeMillis());
    }

    static String mint(String prefix, long epochMillis) {
        return prefix + "_" + time(epochMillis) + randomBase32(RANDOM_CHARS);
    }

    /**
     * A capability that must not be guessable but is looked up through an index: the time (so it
     * sorts by creation, like {@link #mint}) then {@code randomChars} random characters, 5 bits each.
     */
    public static String secretLink(int randomChars) {
        return time(System.currentTimeMillis()) + randomBase32(randomChars);
    }

    private static String time(long epochMillis) {
        char[] time = new char[TIME_CHARS];
        long rest = epochMillis;
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            time[i] = BASE32[(int) (rest & 31)];
            rest >>>= 5;
        }
        return new String(time);
    }

    /** Random base32 characters, 5 bits each: for secrets and links that must not be guessable. */
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
