package dev.latchkey.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Objects;

/**
 * A DPoP key of the keyring (RFC 9449): an EC P-256 private key signing ES256 proofs, and its JWK SHA-256
 * thumbprint (RFC 7638), the {@code jkt} an authorization server binds tokens to. Never printed.
 */
public record DPoPKey(String kid, String thumbprint, ECKey privateJwk) {

    public DPoPKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(thumbprint, "thumbprint");
        if (!Objects.requireNonNull(privateJwk, "privateJwk").isPrivate()) {
            throw new IllegalArgumentException("a DPoP key needs its private part");
        }
    }

    /** Opens a keyring entry of use {@code dpop}. */
    public static DPoPKey of(KeyEntry entry) {
        if (entry.use() != KeyUse.DPOP) {
            throw new IllegalArgumentException("key " + entry.kid() + " is not a DPoP key");
        }
        try {
            ECKey jwk = ECKey.parse(new String(entry.material(), StandardCharsets.UTF_8));
            if (!Curve.P_256.equals(jwk.getCurve())) {
                throw new IllegalArgumentException("DPoP key " + entry.kid() + " is not on P-256");
            }
            return new DPoPKey(entry.kid(), jwk.computeThumbprint().toString(), jwk);
        } catch (ParseException | JOSEException e) {
            // The parser's message may quote key material: do not pass it on.
            throw new IllegalArgumentException("DPoP key " + entry.kid() + " is not a private EC JWK");
        }
    }

    /** Fresh material for a keyring entry: a new P-256 private JWK as JSON. */
    static byte[] generateMaterial() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate().toJSONString().getBytes(StandardCharsets.UTF_8);
        } catch (JOSEException e) {
            throw new IllegalStateException("EC P-256 key generation is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DPoPKey[" + kid + ", jkt " + thumbprint + "]";
    }
}
