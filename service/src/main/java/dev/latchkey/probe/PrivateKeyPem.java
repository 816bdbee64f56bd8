package dev.latchkey.probe;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * A PKCS#8 PEM private key (EC or RSA, as the conformance suite hands one over) as the private JWK
 * Latchkey's {@code registration.clientCredentials} takes. A JWK carries the public half too: for
 * RSA it is in the key; for EC it is computed as d·G (plain double-and-add, not constant-time —
 * the probe converts a throw-away test key once, no secret-dependent timing is observable).
 */
final class PrivateKeyPem {

    private PrivateKeyPem() {
    }

    /** Never echoes the key: the message of a failure may be printed. */
    static JWK toJwk(String pem) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is not PKCS#8 PEM");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return ec((ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(spec));
        } catch (GeneralSecurityException | ClassCastException notEc) {
            try {
                return rsa(KeyFactory.getInstance("RSA").generatePrivate(spec));
            } catch (GeneralSecurityException | ClassCastException notRsa) {
                throw new IllegalArgumentException("the private key is neither an EC nor an RSA PKCS#8 key");
            }
        }
    }

    private static JWK ec(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        ECPoint q = multiply(params.getGenerator(), key.getS(), params);
        ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
        return new ECKey.Builder(Curve.forECParameterSpec(params), publicKey).privateKey(key).build();
    }

    private static JWK rsa(PrivateKey key) throws GeneralSecurityException {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new RSAKey.Builder(publicKey).privateKey(crt).build();
    }

    static ECPoint multiply(ECPoint g, BigInteger k, ECParameterSpec params) {
        ECPoint result = ECPoint.POINT_INFINITY;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result, params);
            if (k.testBit(i)) {
                result = add(result, g, params);
            }
        }
        return result;
    }

    private static ECPoint add(ECPoint u, ECPoint v, ECParameterSpec params) {
        if (u.equals(ECPoint.POINT_INFINITY)) {
            return v;
        }
        if (v.equals(ECPoint.POINT_INFINITY)) {
            return u;
        }
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger x1 = u.getAffineX(), y1 = u.getAffineY(), x2 = v.getAffineX(), y2 = v.getAffineY();
        BigInteger slope;
        if (x1.equals(x2)) {
            if (!y1.equals(y2) || y1.signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(params.getCurve().getA())
                    .multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
        return new ECPoint(x3, slope.multiply(x1.subtract(x3)).subtract(y1).mod(p));
    }
}
