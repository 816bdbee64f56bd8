package dev.latchkey.signin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.http.GuardedHttpClient;
import dev.latchkey.security.EgressFactory;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import dev.latchkey.testing.LoopbackHttpServer;
import dev.latchkey.testing.MutableClock;
import dev.latchkey.testing.StoreFixture;
import dev.latchkey.testing.TestDatabases;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in flow against an identity provider on loopback that answers whatever ID token the test
 * makes: only a token signed by the provider's key, for this client, from this issuer, unexpired
 * and with this sign-in's nonce signs anyone in.
 */
class OidcSignInTest {

    private static final String SECRET = "a-client-secret-of-32-bytes-or-more!!";

    private final LoopbackHttpServer idp = new LoopbackHttpServer();
    private final AtomicReference<String> idToken = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private RSAKey key;
    private StoreFixture db;
    private GuardedHttpClient http;
    private OidcSignIn signIn;
    private IdentityProvider corp;
    private IdentityProvider postOnly;
    private IdentityProvider byEmail;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        serve("/idp", List.of("client_secret_basic", "client_secret_post"));
        serve("/post-idp", List.of("client_secret_post"));
        db = StoreFixture.open(TestDatabases.Kind.H2, dir);
        EgressFactory egress = new EgressFactory();
        egress.setAllowPrivateNetworks(true);
        http = new GuardedHttpClient(egress, (target, purpose, reason) -> { });
        http.start();
        signIn = new OidcSignIn(new PendingSignInStore(db.jdbi()),
                new ProviderMetadataCache(http, clock, Duration.ofHours(1)),
                new ProviderTokens(new dev.latchkey.http.NimbusHttp(http), new ProviderKeySets(http, clock,
                        Duration.ofHours(1))),
                new Sealer(KeyringSource.fixed(Keyring.generate(clock))), URI.create("https://latchkey.example/signin/callback"),
                clock);
        corp = provider("corp", "/idp", List.of("alice", "bob"));
        postOnly = provider("post", "/post-idp", List.of("*"));
        byEmail = new IdentityProvider("mail", "default", corp.issuer(), "latchkey", SECRET, List.of("openid"), "email",
                Optional.empty(), Names.anyone(), AccessRules.none());
    }

    @AfterEach
    void stop() throws Exception {
        http.stop();
        db.close();
        idp.close();
    }

    @Test
    void aTokenThatHoldsSignsTheSubjectIn() {
        OidcSignIn.Verified verified = complete(corp, claims -> claims.claim("name", "Alice Liddell"));
        assertThat(verified.subject()).isEqualTo("alice");
        assertThat(verified.displayName()).isEqualTo("Alice Liddell");
        assertThat(verified.continueTo().value()).isEqualTo("/next?x=1");
        assertThat(verified.provider()).isEqualTo(corp);
        LoopbackHttpServer.Received token = idp.received("/idp/token").get(0);
        // RFC 6749 §2.3.1: id and secret form-encoded, then Basic
        assertThat(token.header("authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                ("latchkey:" + java.net.URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(token.body()).contains("grant_type=authorization_code", "code=the-code", "code_verifier=")
                .doesNotContain("client_secret");
    }

    @Test
    void aProviderThatTakesOnlyClientSecretPostGetsIt() {
        assertThat(complete(postOnly, claims -> claims).subject()).isEqualTo("alice");
        LoopbackHttpServer.Received token = idp.received("/post-idp/token").get(0);
        assertThat(token.header("authorization")).isNull();
        assertThat(token.body()).contains("client_id=latchkey", "client_secret=");
    }

    @Test
    void aNonceOfAnotherSignInIsRefused() {
        assertRefused(() -> complete(corp, claims -> claims.claim("nonce", "another-sign-ins-nonce")),
                SignInRefusal.INVALID_ID_TOKEN);
        assertRefused(() -> complete(corp, claims -> claims.claim("nonce", null)), SignInRefusal.INVALID_ID_TOKEN);
    }

    @Test
    void aTokenForAnotherClientFromAnotherIssuerOrExpiredIsRefused() {
        assertRefused(() -> complete(corp, claims -> claims.audience("someone-else")), SignInRefusal.INVALID_ID_TOKEN);
        assertRefused(() -> complete(corp, claims -> claims.issuer("https://evil.example")),
                SignInRefusal.INVALID_ID_TOKEN);
        assertRefused(() -> complete(corp, claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(600)))),
                SignInRefusal.INVALID_ID_TOKEN);
    }

    @Test
    void onlyTheProvidersOwnKeySignsATokenNeverTheClientSecretNorNothing() throws Exception {
        OidcSignIn.Start start = signIn.begin(corp, new ContinuePath("/next"), Optional.empty());
        Map<String, String> query = query(start.authorizationUri());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(query.get("nonce")).build());
        hmac.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        idToken.set(hmac.serialize());
        assertRefused(() -> signIn.complete(callback(query, true), Optional.of(start.binding()), this::find),
                SignInRefusal.INVALID_ID_TOKEN);

        OidcSignIn.Start unsigned = signIn.begin(corp, new ContinuePath("/next"), Optional.empty());
        Map<String, String> plainQuery = query(unsigned.authorizationUri());
        idToken.set(new PlainJWT(claims(plainQuery.get("nonce")).build()).serialize());
        assertRefused(() -> signIn.complete(callback(plainQuery, true), Optional.of(unsigned.binding()), this::find),
                SignInRefusal.INVALID_ID_TOKEN);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertRefused(() -> complete(corp, claims -> claims, stranger), SignInRefusal.INVALID_ID_TOKEN);
    }

    @Test
    void theSubjectClaimMustBeAUsableNameOfSomeoneAllowedIn() {
        assertRefused(() -> complete(corp, claims -> claims.subject("x".repeat(201))), SignInRefusal.INVALID_ID_TOKEN);
        assertRefused(() -> complete(corp, claims -> claims.subject("mallory")), SignInRefusal.NOT_ALLOWED);
        assertRefused(() -> complete(byEmail, claims -> claims), SignInRefusal.INVALID_ID_TOKEN);
        assertThat(complete(byEmail, claims -> claims.claim("email", "alice@example.com")).subject())
                .isEqualTo("alice@example.com");
    }

    @Test
    void aSignInMustComeBackInTimeOnceFromItsBrowserNamingItsIssuer() throws Exception {
        OidcSignIn.Start start = signIn.begin(corp, new ContinuePath("/next"), Optional.empty());
        Map<String, String> query = query(start.authorizationUri());
        idToken.set(sign(claims(query.get("nonce")), key));
        assertRefused(() -> signIn.complete(callback(query, true), Optional.of("B".repeat(43)), this::find),
                SignInRefusal.OTHER_BROWSER);
        assertRefused(() -> signIn.complete(callback(query, true), Optional.of(start.binding()), this::find),
                SignInRefusal.UNKNOWN_STATE);

        OidcSignIn.Start late = signIn.begin(corp, new ContinuePath("/next"), Optional.of(start.binding()));
        assertThat(late.binding()).as("one binding per browser, for sign-ins in several tabs").isEqualTo(start.binding());
        clock.advance(Duration.ofMinutes(11));
        assertRefused(() -> signIn.complete(callback(query(late.authorizationUri()), true),
                Optional.of(late.binding()), this::find), SignInRefusal.EXPIRED);

        OidcSignIn.Start noIss = signIn.begin(corp, new ContinuePath("/next"), Optional.empty());
        assertRefused(() -> signIn.complete(callback(query(noIss.authorizationUri()), false),
                Optional.of(noIss.binding()), this::find), SignInRefusal.WRONG_ISSUER);
        assertThat(idp.received("/idp/token")).as("nothing refused reached the token endpoint").isEmpty();
    }

    @Test
    void aProviderWhoseDiscoveryNamesAnotherIssuerIsUnreachable() {
        idp.json("/odd/.well-known/openid-configuration", discovery(idp.origin() + "/elsewhere", List.of()));
        IdentityProvider odd = provider("odd", "/odd", List.of("*"));
        assertRefused(() -> signIn.begin(odd, new ContinuePath("/"), Optional.empty()),
                SignInRefusal.PROVIDER_UNAVAILABLE);
    }

    private OidcSignIn.Verified complete(IdentityProvider provider, UnaryOperator<JWTClaimsSet.Builder> change) {
        return complete(provider, change, key);
    }

    private OidcSignIn.Verified complete(IdentityProvider provider, UnaryOperator<JWTClaimsSet.Builder> change,
                                         RSAKey signer) {
        OidcSignIn.Start start = signIn.begin(provider, new ContinuePath("/next?x=1"), Optional.empty());
        Map<String, String> query = query(start.authorizationUri());
        assertThat(query).containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce",
                "code_challenge").doesNotContainKey("code_verifier");
        JWTClaimsSet.Builder claims = claims(query.get("nonce")).issuer(provider.issuerValue());
        idToken.set(sign(change.apply(claims), signer));
        Map<String, List<String>> callback = new HashMap<>(callback(query, true));
        callback.put("iss", List.of(provider.issuerValue()));
        return signIn.complete(callback, Optional.of(start.binding()), this::find);
    }

    private Optional<IdentityProvider> find(String name) {
        return List.of(corp, postOnly, byEmail).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private Map<String, List<String>> callback(Map<String, String> query, boolean withIss) {
        Map<String, List<String>> callback = new HashMap<>();
        callback.put("code", List.of("the-code"));
        callback.put("state", List.of(query.get("state")));
        if (withIss) {
            callback.put("iss", List.of(corp.issuerValue()));
        }
        return callback;
    }

    private JWTClaimsSet.Builder claims(String nonce) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(corp.issuerValue()).subject("alice").audience("latchkey")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce);
    }

    private static String sign(JWTClaimsSet.Builder claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(String path, List<String> authMethods) {
        String issuer = idp.origin() + path;
        idp.json(path + "/.well-known/openid-configuration", discovery(issuer, authMethods));
        idp.route(path + "/jwks", r -> LoopbackHttpServer.Reply.json(200, new JWKSet(key.toPublicJWK()).toString()));
        idp.route(path + "/token", r -> LoopbackHttpServer.Reply.json(200, "{\"access_token\":\"at\",\"token_type\":"
                + "\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken.get() + "\"}"));
    }

    private String discovery(String issuer, List<String> authMethods) {
        String methods = authMethods.isEmpty() ? "" : ",\"token_endpoint_auth_methods_supported\":[\""
                + String.join("\",\"", authMethods) + "\"]";
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"authorization_response_iss_parameter_supported\":true" + methods + "}";
    }

    private IdentityProvider provider(String name, String path, List<String> users) {
        return new IdentityProvider(name, "default", URI.create(idp.origin() + path), "latchkey", SECRET,
                List.of("openid", "email"), "sub", Optional.empty(), Names.of(users), AccessRules.none());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void assertRefused(Runnable action, SignInRefusal refusal) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(SignInException.class,
                e -> assertThat(e.refusal()).as(e.getMessage()).isEqualTo(refusal));
    }
}
