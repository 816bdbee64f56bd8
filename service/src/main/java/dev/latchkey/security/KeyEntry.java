package dev.latchkey.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** One key of the keyring. The material never leaves this record except into JCA/JOSE calls. */
public record KeyEntry(String kid, KeyUse use, Instant created, Optional<Instant> retired, byte[] material) {

    public KeyEntry {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(retired, "retired");
        if (!kid.matches("[A-Za-z0-9_-]{4,64}")) {
            throw new IllegalArgumentException("a key id may hold only letters, digits, '-' and '_'");
        }
        // A DPoP or access token key's material is its private JWK (JSON); the symmetric keys are 256 raw bits.
        if (material == null || (use.asymmetric() ? material.length == 0 : material.length != 32)) {
            throw new IllegalArgumentException(use.asymmetric() ? "key " + kid + " is empty"
                    : "key " + kid + " must be 256 bits");
        }
        material = material.clone();
    }

    public boolean isRetired() {
        return retired.isPresent();
    }

    public SecretKey secretKey() {
        if (use.asymmetric()) {
            throw new IllegalStateException("an EC key is not a secret key");
        }
        return new SecretKeySpec(material, use == KeyUse.ENCRYPTION ? "AES" : "HmacSHA256");
    }

    public KeyEntry retire(Instant when) {
        return new KeyEntry(kid, use, created, Optional.of(when), material);
    }

    @Override
    public byte[] material() {
        return material.clone();
    }

    @Override
    public String toString() {
        // Never print key material.
        return "KeyEntry[" + kid + ", " + use.code() + ", created " + created + (isRetired() ? ", retired" : "") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyEntry that && kid.equals(that.kid);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }
}
