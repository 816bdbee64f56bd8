package dev.latchkey.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Bearer tokens for {@link HostileOAuthRequests} that are not an access token for the route they are sent to:
 * JWT-shaped garbage and look-alikes of a real access token (alg none, another typ, a flipped signature, a
 * foreign key, HS256 keyed with the published key, huge, not base64url).
 */
final class HostileBearers {

    private final IssuerFixtures issuer;

    HostileBearers(IssuerFixtures issuer) {
        this.issuer = issuer;
    }

    /** A bearer token for the gateway or revocation: never the real access token at its own route. */
    Arbitrary<String> tokens() {
        return Arbitraries.frequencyOf(Tuple.of(6, jwtShaped()), Tuple.of(1, Arbitraries.of(issuer.refreshToken(),
                "lkr_x", "lkg_x", "lkg_" + "A".repeat(43))), Tuple.of(1, HostileInputs.text()));
    }

    /** JWT-shaped garbage, and look-alikes of the real access token. */
    Arbitrary<String> jwtShaped() {
        String real = issuer.accessToken();
        String[] parts = real.split("\\.");
        String header = parts[0];
        String payload = parts[1];
        String signature = parts[2];
        String flipped = signature.substring(0, 10) + (signature.charAt(10) == 'A' ? 'B' : 'A') + signature.substring(11);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(
                        b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + payload + ".",
                        b64("{\"alg\":\"none\"}") + "." + payload + "." + signature,
                        b64("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + payload + "." + signature,
                        b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"../../x\"}") + "." + payload + "." + signature,
                        b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"jku\":\"https://x.test/jwks\"}") + "." + payload
                                + "." + signature,
                        b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + payload + "." + signature,
                        header + "." + payload + "." + flipped,
                        header + "." + payload + ".",
                        header + "." + b64("{\"aud\":\"" + issuer.resource() + "\",\"gid\":1}") + "." + signature,
                        header + "." + payload,
                        header + "." + payload + "." + signature + ".x.y",
                        header + "." + payload + "." + signature + ".",
                        header + ".." + signature,
                        "..", ".", "a.b.c", "!!.!!.!!", "\u00e9.\u00e9.\u00e9", header + ".%00." + signature,
                        b64("{") + "." + b64("{") + "." + b64("x"), b64("[]") + "." + b64("[]") + ".",
                        b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}") + "." + b64("{\"exp\":1e999,\"aud\":[[]]}") + "."
                                + signature,
                        issuer.foreignToken(), keyConfusion(),
                        header + "." + "A".repeat(20_000) + "." + signature,
                        header.replace('J', '/') + "." + payload + "." + signature)),
                Tuple.of(1, HostileInputs.text().list().ofMinSize(3).ofMaxSize(3).map(p -> String.join(".", p))));
    }

    /** HS256 with the published key's JSON as the secret: a verifier that trusted the header's alg would accept it. */
    private String keyConfusion() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(SignedJWT.parse(
                    issuer.accessToken()).getHeader().getType()).build(), SignedJWT.parse(issuer.accessToken())
                    .getJWTClaimsSet());
            jwt.sign(new MACSigner(issuer.publicKey().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
