package dev.latchkey.signin;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code pending_sign_ins}: a sign-in sent to an identity provider and not yet back.
 * {@code secretsSealed} holds the nonce and the PKCE verifier, sealed to the state's hash.
 */
public record PendingSignIn(String stateHash, String browserHash, String provider, String secretsSealed,
                            String continueTo, Instant createdAt, Instant expiresAt) {

    public PendingSignIn {
        Objects.requireNonNull(stateHash, "stateHash");
        Objects.requireNonNull(browserHash, "browserHash");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(secretsSealed, "secretsSealed");
        Objects.requireNonNull(continueTo, "continueTo");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "PendingSignIn[" + provider + ", " + continueTo + "]";
    }
}
