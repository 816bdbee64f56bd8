package dev.latchkey.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for data at rest. A sealed value is {@code v1.<kid>.<base64url(iv || ciphertext)>}:
 * it records the key id, and the additional authenticated data binds it to its owner (a value
 * copied onto another row does not open).
 */
public final class Sealer {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyringSource keys;

    public Sealer(KeyringSource keys) {
        this.keys = keys;
    }

    public String seal(String plaintext, String aad) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), aad);
    }

    public String seal(byte[] plaintext, String aad) {
        KeyEntry key = keys.active(KeyUse.ENCRYPTION);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
            return VERSION + "." + key.kid() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String openString(String sealed, String aad) {
        return new String(open(sealed, aad), StandardCharsets.UTF_8);
    }

    /** Opens a sealed value; fails with {@link SealedValueException} when it was tampered with or moved. */
    public byte[] open(String sealed, String aad) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SealedValueException("not a sealed value");
        }
        KeyEntry key = keys.usable(parts[1], KeyUse.ENCRYPTION)
                .orElseThrow(() -> new SealedValueException("sealed with unknown or retired key " + parts[1]));
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SealedValueException("not a sealed value");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealedValueException("sealed value too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedValueException("sealed value failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** How every value sealed with {@code kid} begins. */
    public static String prefix(String kid) {
        return VERSION + "." + kid + ".";
    }

    /** The key id a sealed value was made with. */
    public static String keyId(String sealed) {
        String[] parts = sealed.split("\\.", 3);
        return parts.length == 3 ? parts[1] : "";
    }
}
