package dev.latchkey.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InMemoryDPoPSingleUseChecker;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.jose.util.Base64URL;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.Failure;
import dev.latchkey.security.DPoPKey;
import dev.latchkey.security.DPoPKeys;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proofs as a resource server checks them (Nimbus's own verifier), the nonce they carry, and when DPoP is used. */
class DPoPProofsTest {

    private static final Keyring KEYRING = Keyring.generate(Clock.systemUTC());
    private static final DPoPKey KEY = DPoPKey.of(KEYRING.active(KeyUse.DPOP));
    private static final URI MCP = URI.create("https://mcp.example.com/mcp");

    private final DPoPProofs proofs = new DPoPProofs(new DPoPKeys(KeyringSource.fixed(KEYRING)),
            new DPoPNonces(Clock.systemUTC()));

    @Test
    void aResourceProofNamesMethodUrlAndTokenAndIsAcceptedOnceByAVerifier() throws Exception {
        String proof = proofs.forResource(KEY.thumbprint(), "POST", URI.create(MCP + "?x=1#f"), "at-123");
        SignedJWT jwt = SignedJWT.parse(proof);

        assertThat(jwt.getHeader().getType().toString()).isEqualTo("dpop+jwt");
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getJWK().isPrivate()).isFalse();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("htu")).isEqualTo(MCP.toString());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("nonce")).isNull();

        var verifier = new DPoPProtectedResourceRequestVerifier(Set.of(JWSAlgorithm.ES256), 60, 60,
                new InMemoryDPoPSingleUseChecker(60, 60));
        var confirmation = new JWKThumbprintConfirmation(new Base64URL(KEY.thumbprint()));
        DPoPIssuer issuer = new DPoPIssuer("latchkey");
        verifier.verify("POST", MCP, issuer, jwt, new DPoPAccessToken("at-123"), confirmation, null);

        assertThatThrownBy(() -> verifier.verify("POST", MCP, issuer, jwt, new DPoPAccessToken("at-123"), confirmation,
                null)).isInstanceOf(InvalidDPoPProofException.class);
        assertThatThrownBy(() -> verifier.verify("POST", MCP, issuer,
                SignedJWT.parse(proofs.forResource(KEY.thumbprint(), "POST", MCP, "at-123")),
                new DPoPAccessToken("another-token"), confirmation, null))
                .isInstanceOf(AccessTokenValidationException.class).hasMessageContaining("ath");
        assertThatThrownBy(() -> verifier.verify("GET", MCP, issuer,
                SignedJWT.parse(proofs.forResource(KEY.thumbprint(), "POST", MCP, "at-123")),
                new DPoPAccessToken("at-123"), confirmation, null)).isInstanceOf(InvalidDPoPProofException.class);
    }

    @Test
    void eachProofIsFreshAndCarriesTheServersLatestNonce() throws Exception {
        SignedJWT one = SignedJWT.parse(proofs.forResource(KEY.thumbprint(), "GET", MCP, "t"));
        proofs.heard(URI.create(MCP + "?q=1"), Optional.of("n-1"));
        SignedJWT two = SignedJWT.parse(proofs.forResource(KEY.thumbprint(), "GET", MCP, "t"));
        SignedJWT elsewhere = SignedJWT.parse(proofs.forResource(KEY.thumbprint(), "GET",
                URI.create("https://other.example.com/mcp"), "t"));

        assertThat(two.getJWTClaimsSet().getJWTID()).isNotEqualTo(one.getJWTClaimsSet().getJWTID());
        assertThat(two.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(elsewhere.getJWTClaimsSet().getStringClaim("nonce")).isNull();
        assertThat(proofs.forTokenEndpoint(KEY, URI.create("https://as.example.com/token"))
                .getJWTClaimsSet().getStringClaim("ath")).isNull();
    }

    @Test
    void aResourceServersNonceChallengeIsRecognised() {
        assertThat(DPoPProofs.asksForNonce(401, Optional.of("DPoP error=\"use_dpop_nonce\", error_description=\"x\"")))
                .isTrue();
        assertThat(DPoPProofs.asksForNonce(401, Optional.of("dpop algs=\"ES256\", error=use_dpop_nonce"))).isTrue();
        assertThat(DPoPProofs.asksForNonce(401, Optional.of("DPoP error=\"invalid_token\""))).isFalse();
        assertThat(DPoPProofs.asksForNonce(401, Optional.of("Bearer error=\"invalid_token\""))).isFalse();
        assertThat(DPoPProofs.asksForNonce(400, Optional.of("DPoP error=\"use_dpop_nonce\""))).isFalse();
        assertThat(DPoPProofs.asksForNonce(401, Optional.empty())).isFalse();
    }

    @Test
    void tokensAreBoundOnlyWhereTheServerAdvertisesES256AndTheKeyringHasAKey() {
        AuthorizationServerMetadata plain = new AuthorizationServerMetadata("https://as.example.com",
                URI.create("https://as.example.com/authorize"), URI.create("https://as.example.com/token"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of("S256"), List.of(), List.of(), List.of(),
                true, false, URI.create("https://as.example.com"), List.of());

        assertThat(proofs.keyFor(plain)).isEmpty();
        assertThat(proofs.keyFor(plain.withDPoPAlgorithms(List.of("EdDSA")))).isEmpty();
        assertThat(proofs.keyFor(plain.withDPoPAlgorithms(List.of("ES256", "EdDSA")))).contains(KEY);
        assertThat(DPoPProofs.withoutKeys(new DPoPNonces(Clock.systemUTC()))
                .keyFor(plain.withDPoPAlgorithms(List.of("ES256")))).isEmpty();
    }

    @Test
    void aRetiredKeysTokensNeedANewAuthorization() {
        assertThatThrownBy(() -> proofs.boundKey("no-such-thumbprint")).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(Failure.Kind.CONFLICT);
            assertThat(f.code()).isEqualTo("reauthorization_required");
        });
    }
}
