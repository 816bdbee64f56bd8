package dev.latchkey.registration;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.latchkey.protocol.ClientAssertionKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code privateKey} of a {@code private_key_jwt} client as the operator (or the conformance
 * suite) hands it over: a private JWK (JSON; its {@code alg} and {@code kid} are used), or a PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}, EC or RSA) parsed by the JDK. Errors never echo the key.
 */
public final class ClientAssertionKeys {

    private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) PRIVATE KEY-----");

    private ClientAssertionKeys() {
    }

    public static ClientAssertionKey parse(String text) {
        return text.strip().startsWith("-----BEGIN PRIVATE KEY-----") ? fromPem(text) : fromJwk(text);
    }

    private static ClientAssertionKey fromJwk(String json) {
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("privateKey is not a JWK or a PKCS#8 PEM");
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("private_key_jwt needs a private JWK (privateKey)");
        }
        Optional<JWSAlgorithm> stated = Optional.ofNullable(jwk.getAlgorithm()).map(a -> JWSAlgorithm.parse(a.getName()));
        try {
            if (jwk instanceof ECKey ec) {
                return new ClientAssertionKey(ec.toECPrivateKey(), stated.orElse(forCurve(ec.getCurve())),
                        Optional.ofNullable(jwk.getKeyID()));
            }
            if (jwk instanceof RSAKey rsa) {
                return new ClientAssertionKey(rsa.toRSAPrivateKey(), stated.orElse(JWSAlgorithm.RS256),
                        Optional.ofNullable(jwk.getKeyID()));
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("privateKey is not a usable private key");
        }
        throw new IllegalArgumentException("private_key_jwt signs with an RSA or EC key only");
    }

    private static ClientAssertionKey fromPem(String pem) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(PEM_ARMOUR.matcher(pem).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("privateKey is not a PKCS#8 PEM");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(spec);
            return new ClientAssertionKey(key, forOrderBits(((ECPrivateKey) key).getParams().getOrder().bitLength()),
                    Optional.empty());
        } catch (GeneralSecurityException notEc) {
            try {
                return new ClientAssertionKey(KeyFactory.getInstance("RSA").generatePrivate(spec), JWSAlgorithm.RS256,
                        Optional.empty());
            } catch (GeneralSecurityException notRsa) {
                throw new IllegalArgumentException("privateKey is neither an EC nor an RSA PKCS#8 key");
            }
        }
    }

    private static JWSAlgorithm forCurve(Curve curve) {
        return Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512
                : JWSAlgorithm.ES256;
    }

    private static JWSAlgorithm forOrderBits(int bits) {
        return bits > 384 ? JWSAlgorithm.ES512 : bits > 256 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
    }
}
