package dev.latchkey.issuer;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoint's PKCE check (RFC 7636, S256 only). */
class PkceTest {

    @Test
    void theVerifierMustHashToTheChallenge() {
        CodeVerifier verifier = new CodeVerifier();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        assertThat(TokenGrants.pkceHolds(verifier, challenge)).isTrue();
        assertThat(TokenGrants.pkceHolds(new CodeVerifier(), challenge)).isFalse();
        assertThat(TokenGrants.pkceHolds(null, challenge)).isFalse();
        assertThat(TokenGrants.pkceHolds(verifier, verifier.getValue())).as("plain is not S256").isFalse();
    }

    @Test
    void theRfc7636ExampleHolds() {
        CodeVerifier verifier = new CodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assertThat(TokenGrants.pkceHolds(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")).isTrue();
    }
}
