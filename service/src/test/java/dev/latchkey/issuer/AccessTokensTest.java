package dev.latchkey.issuer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.gateway.tokens.GatewayCaller;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the gateway accepts as an access token: ours, unexpired, for exactly the route, while its grant stands. */
class AccessTokensTest {

    private static final IssuerUrls URLS = new IssuerUrls("http://127.0.0.1:8080");
    private static final KeyringSource KEYS = KeyringSource.fixed(Keyring.generate(Clock.systemUTC()));
    private static StoreFixture fixture;
    private static GrantStore grants;

    @BeforeAll
    static void open() {
        fixture = StoreFixture.open(TestDatabases.Kind.H2, TempDirs.create("issuer-access-tokens"));
        grants = new GrantStore(fixture.jdbi());
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    private static AccessTokens tokens(Clock clock) {
        return new AccessTokens(URLS, new AccessTokenKeys(KEYS), grants, IssuerSettings.defaults(), clock);
    }

    private static Grant grant(String id) {
        Instant now = Instant.now();
        Grant grant = new Grant(id, "acme", "alice", "lkc_1", URLS.resource("alpha"), List.of("mcp"), "uss_1", now,
                now.plus(Duration.ofDays(1)), now, Optional.empty(), Optional.empty());
        String code = "code-" + id;
        grants.insertCode(new IssuedCode(code, "lkc_1", "https://app.example/cb", grant.resource(), List.of("mcp"), "c",
                "acme", "alice", "uss_1", now, now.plusSeconds(60), Optional.empty(), Optional.empty()));
        assertThat(grants.redeemCode(code, grant, "refresh-" + id)).isTrue();
        return grant;
    }

    @Test
    void aTokenWorksAtItsRouteOnlyAndUntilItsGrantIsRevoked() {
        Grant grant = grant("grt_a");
        String token = tokens(Clock.systemUTC()).mint(grant, List.of("mcp"));
        Optional<GatewayCaller> caller = tokens(Clock.systemUTC()).authenticate(token, "alpha");
        assertThat(caller).hasValueSatisfying(c -> {
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.subject()).isEqualTo("alice");
            assertThat(c.servers()).containsExactly("alpha");
            assertThat(c.tokenId()).isEqualTo("grt_a");
        });
        assertThat(tokens(Clock.systemUTC()).authenticate(token, "beta")).isEmpty();
        assertThat(tokens(Clock.systemUTC()).authenticate(token, "alph")).isEmpty();
        assertThat(tokens(Clock.systemUTC()).grantOf(token)).contains("grt_a");

        grants.revoke("grt_a", Instant.now(), Grant.Revocation.CLIENT);
        assertThat(tokens(Clock.systemUTC()).authenticate(token, "alpha")).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefused() {
        Grant grant = grant("grt_b");
        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        String expired = tokens(tenMinutesAgo).mint(grant, List.of("mcp"));
        assertThat(tokens(Clock.systemUTC()).authenticate(expired, "alpha")).isEmpty();
    }

    @Test
    void onlyOurSignedAccessTokensPass() throws Exception {
        Grant grant = grant("grt_c");
        ECKey ours = new AccessTokenKeys(KEYS).active().orElseThrow();
        JWTClaimsSet claims = claims(URLS.issuer(), grant);
        assertThat(tokens(Clock.systemUTC()).authenticate(signed(ours, "at+jwt", claims), "alpha"))
                .as("the control: this one passes").isPresent();
        assertThat(tokens(Clock.systemUTC()).authenticate(signed(ours, "JWT", claims), "alpha"))
                .as("not typ at+jwt").isEmpty();
        assertThat(tokens(Clock.systemUTC()).authenticate(signed(ours, "at+jwt",
                claims("https://other.example", grant)), "alpha")).as("another issuer").isEmpty();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(ours.getKeyID()).generate();
        assertThat(tokens(Clock.systemUTC()).authenticate(signed(stranger, "at+jwt", claims), "alpha"))
                .as("a stranger's key under our key id").isEmpty();
        JWTClaimsSet otherTenant = new JWTClaimsSet.Builder(claims).claim("tenant", "globex").build();
        assertThat(tokens(Clock.systemUTC()).authenticate(signed(ours, "at+jwt", otherTenant), "alpha"))
                .as("claims that do not match the grant").isEmpty();
        assertThat(tokens(Clock.systemUTC()).authenticate("lkg_abc_def", "alpha")).isEmpty();
        assertThat(tokens(Clock.systemUTC()).authenticate(null, "alpha")).isEmpty();
    }

    private static JWTClaimsSet claims(String issuer, Grant grant) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(grant.subject()).audience(grant.resource())
                .claim("client_id", grant.clientId()).claim("scope", "mcp").jwtID("jti_1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("tenant", grant.tenant()).claim("gid", grant.id()).build();
    }

    private static String signed(ECKey key, String type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
