package dev.latchkey.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;

/** HMAC-SHA-256 signatures that carry their key id: {@code <kid>.<base64url mac>}. */
public final class Signer {

    private final KeyringSource keys;

    public Signer(KeyringSource keys) {
        this.keys = keys;
    }

    public String sign(String message) {
        KeyEntry key = keys.active(KeyUse.SIGNING);
        return key.kid() + "." + mac(key, message);
    }

    public boolean verify(String message, String signature) {
        if (signature == null) {
            return false;
        }
        int dot = signature.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        return keys.usable(signature.substring(0, dot), KeyUse.SIGNING)
                .map(key -> MessageDigest.isEqual(mac(key, message).getBytes(StandardCharsets.US_ASCII),
                        signature.substring(dot + 1).getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    private static String mac(KeyEntry key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key.secretKey());
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}
