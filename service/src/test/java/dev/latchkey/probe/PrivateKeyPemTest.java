package dev.latchkey.probe;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateKeyPemTest {

    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void anEcKeyBecomesAPrivateJwkWithItsPublicHalfComputed(String curve) throws Exception {
        KeyPair pair = ec(curve);

        JWK jwk = PrivateKeyPem.toJwk(pem(pair));

        assertThat(jwk).isInstanceOf(ECKey.class);
        assertThat(jwk.isPrivate()).isTrue();
        // Java's PKCS#8 encoding of an EC key holds no public key: the point was computed, and must match.
        assertThat(jwk.toECKey().toECPublicKey().getW()).isEqualTo(((java.security.interfaces.ECPublicKey) pair.getPublic()).getW());
        assertThat(jwk.toECKey().toECPrivateKey().getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void anRsaKeyBecomesAPrivateJwk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        JWK jwk = PrivateKeyPem.toJwk(pem(pair));

        assertThat(jwk).isInstanceOf(RSAKey.class);
        assertThat(jwk.isPrivate()).isTrue();
        assertThat(jwk.toRSAKey().toRSAPublicKey()).isEqualTo(pair.getPublic());
    }

    @Test
    void somethingElseIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PrivateKeyPem.toJwk("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n"
                + "-----END PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2VjcmV0").hasMessageContaining("neither an EC nor an RSA");
        assertThatThrownBy(() -> PrivateKeyPem.toJwk("not base64 at all!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the private key is not PKCS#8 PEM");
    }
}
