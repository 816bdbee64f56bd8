package dev.latchkey.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionDetails;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import dev.latchkey.protocol.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * An RFC 7523 {@code private_key_jwt} client assertion: {@code iss} and {@code sub} are the client id,
 * {@code aud} the authorization server's issuer identifier (RFC 7523bis: the token endpoint URL is
 * ambiguous across servers, the issuer is not), a short life and a fresh {@code jti} so that a
 * captured assertion is soon worthless and cannot be replayed.
 */
final class ClientAssertion {

    static final Duration LIFETIME = Duration.ofSeconds(60);

    private ClientAssertion() {
    }

    static PrivateKeyJWT sign(String clientId, String issuer, JWK key, Clock clock) {
        Date now = Date.from(clock.instant());
        JWTAssertionDetails details = new JWTAssertionDetails(new Issuer(clientId), new Subject(clientId),
                List.of(new Audience(issuer)), Date.from(clock.instant().plus(LIFETIME)), null, now, new JWTID(), null);
        JWSAlgorithm alg = algorithm(key);
        JWSHeader header = new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt;
        try {
            jwt = new SignedJWT(header, details.toJWTClaimsSet());
            jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
            return new PrivateKeyJWT(jwt);
        } catch (JOSEException | IllegalArgumentException e) {
            // Never the key itself: the message names the method only.
            throw Failure.rejected("unsupported_client_auth", "The private_key_jwt client assertion could not be"
                    + " signed with the configured key (" + key.getKeyType() + ").");
        }
    }

    /** The key's own {@code alg} when it names one, else the usual one for its type and curve. */
    static JWSAlgorithm algorithm(JWK key) {
        if (key.getAlgorithm() != null) {
            return JWSAlgorithm.parse(key.getAlgorithm().getName());
        }
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey ec) {
            Curve curve = ec.getCurve();
            return Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : Curve.P_521.equals(curve) ? JWSAlgorithm.ES512
                    : JWSAlgorithm.ES256;
        }
        throw Failure.rejected("unsupported_client_auth", "private_key_jwt needs an RSA or EC key.");
    }
}
