package dev.latchkey.registration;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Where authorization servers send the browser back. Clients Latchkey registers itself get a
 * redirect URI of their own per authorization server ({@code /oauth/callback/<issuer key>}), so a
 * response that an honest server sends for its own client can never be taken for one of another
 * server's flow (RFC 9700 §4.4.2, mix-up) — even from servers that do not send RFC 9207 {@code iss}.
 * Credentials an operator registered out of band and the Client ID Metadata Document keep the
 * shared {@code /oauth/callback}.
 */
public final class RedirectUris {

    private static final Pattern KEY = Pattern.compile("[a-z2-7]{20}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private RedirectUris() {
    }

    /** The redirect URI of clients registered at {@code issuer}, below the shared one. */
    public static URI forIssuer(URI shared, String issuer) {
        return under(shared, key(issuer));
    }

    /** The redirect URI below the shared one for a key that {@link #isKey} accepted. */
    public static URI under(URI shared, String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not an issuer key");
        }
        return URI.create(shared + "/" + key);
    }

    /** Whether a path segment could be an issuer key (anything else is not looked up). */
    public static boolean isKey(String value) {
        return value != null && KEY.matcher(value).matches();
    }

    /** 100 bits of SHA-256 over the issuer, base32: stable across restarts and instances. */
    static String key(String issuer) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(20);
            for (int i = 0; i < 20; i++) {
                out.append(BASE32[hash[i] & 31]);
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
