package dev.latchkey.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionDetails;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import dev.latchkey.protocol.ClientAssertionKey;
import dev.latchkey.protocol.Failure;
import java.security.interfaces.ECPrivateKey;
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

    static PrivateKeyJWT sign(String clientId, String issuer, ClientAssertionKey key, Clock clock) {
        Date now = Date.from(clock.instant());
        JWTAssertionDetails details = new JWTAssertionDetails(new Issuer(clientId), new Subject(clientId),
                List.of(new Audience(issuer)), Date.from(clock.instant().plus(LIFETIME)), null, now, new JWTID(), null);
        JWSHeader header = new JWSHeader.Builder(key.algorithm()).keyID(key.keyId().orElse(null))
                .type(JOSEObjectType.JWT).build();
        try {
            SignedJWT jwt = new SignedJWT(header, details.toJWTClaimsSet());
            jwt.sign(key.key() instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.key()));
            return new PrivateKeyJWT(jwt);
        } catch (JOSEException | IllegalArgumentException e) {
            // Never the key itself: the message names the method only.
            throw Failure.rejected("unsupported_client_auth", "The private_key_jwt client assertion could not be"
                    + " signed with the configured key (" + key.algorithm() + ").");
        }
    }
}
