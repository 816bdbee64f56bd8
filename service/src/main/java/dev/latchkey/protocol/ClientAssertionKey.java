package dev.latchkey.protocol;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The private key a {@code private_key_jwt} client signs its RFC 7523 assertions with, the JWS
 * algorithm it signs with and the key id its assertions name (if any). Only the private half is needed
 * to sign, so a PKCS#8 key needs no public half beside it. Held in memory only; {@link #toString()}
 * shows the algorithm, never the key.
 */
public record ClientAssertionKey(PrivateKey key, JWSAlgorithm algorithm, Optional<String> keyId) {

    public ClientAssertionKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyId, "keyId");
        boolean fits = key instanceof ECPrivateKey ? JWSAlgorithm.Family.EC.contains(algorithm)
                : key instanceof RSAPrivateKey && JWSAlgorithm.Family.RSA.contains(algorithm);
        if (!fits) {
            throw new IllegalArgumentException("private_key_jwt signs with an RSA or EC key and an algorithm of its"
                    + " family, not " + key.getAlgorithm() + " with " + algorithm);
        }
    }

    @Override
    public String toString() {
        return "ClientAssertionKey[" + algorithm + keyId.map(id -> ", kid " + id).orElse("") + "]";
    }
}
