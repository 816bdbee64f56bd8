package dev.latchkey.auth;

import dev.latchkey.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static bearer credentials of the form {@code <lead>_<prefix>_<secret>}: a 10-character base32
 * prefix, public and unique, that finds the stored row, and a 256-bit random secret. Only SHA-256
 * of the whole value is stored. A fast hash is right here: the value is random, not a password, and
 * it is checked on every request. API keys ({@code lk_}) and gateway tokens ({@code lkg_}) are made
 * and checked by this one class.
 */
public final class BearerSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PREFIX_CHARS = 10;
    private static final int SECRET_BYTES = 32;

    private final String lead;
    private final Pattern format;

    /** {@code lead} is the letters before the first underscore, e.g. {@code lk}. */
    public BearerSecrets(String lead) {
        if (!lead.matches("[a-z]{1,10}")) {
            throw new IllegalArgumentException("a lead is 1-10 lowercase letters");
        }
        this.lead = lead;
        this.format = Pattern.compile(Pattern.quote(lead) + "_([a-z2-7]{" + PREFIX_CHARS + "})_([A-Za-z0-9_-]{43})");
    }

    /** A new value: {@code value} is shown once and never stored; {@code hash} is what is stored. */
    public record Minted(String prefix, String value, String hash) {
        @Override
        public String toString() {
            return "Minted[" + prefix + "]";
        }
    }

    public Minted mint() {
        String prefix = Ids.randomBase32(PREFIX_CHARS);
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String value = lead + "_" + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Minted(prefix, value, hash(value));
    }

    /** The prefix of a well-formed presented value; empty for anything else (null included). */
    public Optional<String> prefixOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = format.matcher(presented);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Whether {@code presented} hashes to {@code storedHash}, compared in constant time. */
    public static boolean matches(String storedHash, String presented) {
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    /** The lowercase hex SHA-256 of the whole value, as stored. */
    public static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
