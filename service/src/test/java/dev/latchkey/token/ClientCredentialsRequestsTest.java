package dev.latchkey.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.ClientAssertionKey;
import dev.latchkey.protocol.ClientCredentialsClient;
import dev.latchkey.protocol.ClientCredentialsClient.AuthMethod;
import dev.latchkey.registration.ClientAssertionKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client_credentials token request and its two client authentications, as sent on the wire. */
class ClientCredentialsRequestsTest {

    private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.com/tenant1/token");
    private static final String ISSUER = "https://as.example.com/tenant1";
    private static final String RESOURCE = "https://mcp.example.com/mcp";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void clientSecretBasicSendsTheGrantScopeAndResourceWithTheSecretOnlyInTheHeader() {
        ClientCredentialsClient client = client(AuthMethod.CLIENT_SECRET_BASIC, Optional.of("s3cret:with/odd chars"),
                Optional.empty());

        HTTPRequest request = ClientCredentialsRequests.render(TOKEN_ENDPOINT, ISSUER, client, Optional.of(RESOURCE),
                CLOCK);

        assertThat(request.getMethod()).isEqualTo(HTTPRequest.Method.POST);
        assertThat(request.getURI()).isEqualTo(TOKEN_ENDPOINT);
        Map<String, List<String>> body = URLUtils.parseParameters(request.getBody());
        assertThat(body).containsEntry("grant_type", List.of("client_credentials"))
                .containsEntry("scope", List.of("mcp:tools admin"))
                .containsEntry("resource", List.of(RESOURCE))
                .doesNotContainKeys("client_id", "client_secret", "client_assertion");
        String basic = request.getAuthorization();
        assertThat(basic).startsWith("Basic ");
        // RFC 6749 §2.3.1: id and secret form-urlencoded before Base64.
        assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("m2m-client:s3cret%3Awith%2Fodd+chars");
        assertThat(request.getBody()).doesNotContain("s3cret");
    }

    @Test
    void privateKeyJwtAssertionNamesTheClientTheIssuerAShortLifeAndAFreshId() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ClientCredentialsClient client = client(AuthMethod.PRIVATE_KEY_JWT, Optional.empty(),
                Optional.of(new ClientAssertionKey(key.toECPrivateKey(), JWSAlgorithm.ES256, Optional.of("k1"))));

        HTTPRequest request = ClientCredentialsRequests.render(TOKEN_ENDPOINT, ISSUER, client, Optional.of(RESOURCE),
                CLOCK);

        assertThat(request.getAuthorization()).isNull();
        Map<String, List<String>> body = URLUtils.parseParameters(request.getBody());
        assertThat(body).containsEntry("grant_type", List.of("client_credentials"))
                .containsEntry("client_assertion_type", List.of(PrivateKeyJWT.CLIENT_ASSERTION_TYPE))
                .containsEntry("resource", List.of(RESOURCE));
        SignedJWT assertion = SignedJWT.parse(body.get("client_assertion").get(0));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(assertion.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("m2m-client");
        assertThat(claims.getSubject()).isEqualTo("m2m-client");
        assertThat(claims.getAudience()).containsExactly(ISSUER);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(body.get("client_assertion").get(0)).doesNotContain(key.getD().toString());

        SignedJWT again = SignedJWT.parse(URLUtils.parseParameters(ClientCredentialsRequests.render(TOKEN_ENDPOINT,
                ISSUER, client, Optional.of(RESOURCE), CLOCK).getBody()).get("client_assertion").get(0));
        assertThat(again.getJWTClaimsSet().getJWTID()).as("never replayable: a new jti each time")
                .isNotEqualTo(claims.getJWTID());
    }

    @Test
    void anRsaJwkSignsWithRs256AndAKeysOwnAlgWins() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        SignedJWT assertion = assertionWith(ClientAssertionKeys.parse(rsa.toJSONString()));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("r1");
        assertThat(assertion.verify(new RSASSAVerifier(rsa.toPublicJWK()))).isTrue();

        RSAKey ps = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.PS256).generate();
        SignedJWT pss = assertionWith(ClientAssertionKeys.parse(ps.toJSONString()));
        assertThat(pss.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(pss.verify(new RSASSAVerifier(ps.toPublicJWK()))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"secp256r1,ES256", "secp384r1,ES384", "secp521r1,ES512"})
    void aPkcs8PemEcKeySignsWithoutItsPublicHalf(String curve, String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        SignedJWT assertion = assertionWith(ClientAssertionKeys.parse(pem(pair)));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
        assertThat(assertion.verify(new ECDSAVerifier((ECPublicKey) pair.getPublic()))).isTrue();
    }

    @Test
    void aPkcs8PemRsaKeySignsWithRs256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        SignedJWT assertion = assertionWith(ClientAssertionKeys.parse(pem(pair)));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
    }

    @Test
    void aKeyThatIsNeitherSaysSoWithoutEchoingIt() {
        assertThatThrownBy(() -> ClientAssertionKeys.parse("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n"
                + "-----END PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2VjcmV0");
    }

    private static SignedJWT assertionWith(ClientAssertionKey key) {
        return ((PrivateKeyJWT) ClientCredentialsRequests.authentication(
                client(AuthMethod.PRIVATE_KEY_JWT, Optional.empty(), Optional.of(key)), ISSUER, CLOCK))
                .getClientAssertion();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void withoutScopesOrResourceNeitherIsSent() {
        ClientCredentialsClient client = new ClientCredentialsClient("cc_x", "acme", RESOURCE, "m2m-client",
                AuthMethod.CLIENT_SECRET_BASIC, Optional.of("s"), Optional.empty(), List.of());
        Map<String, List<String>> body = URLUtils.parseParameters(ClientCredentialsRequests.render(TOKEN_ENDPOINT,
                ISSUER, client, Optional.empty(), CLOCK).getBody());
        assertThat(body).containsOnlyKeys("grant_type");
    }

    private static ClientCredentialsClient client(AuthMethod method, Optional<String> secret,
                                                  Optional<ClientAssertionKey> key) {
        return new ClientCredentialsClient("cc_x", "acme", RESOURCE, "m2m-client", method, secret, key,
                List.of("mcp:tools", "admin"));
    }
}
