package dev.latchkey.flow;

import java.time.Instant;
import java.util.Objects;

/**
 * What the {@code state} parameter carries, sealed: the flow it belongs to, the PKCE verifier,
 * the issuer validated before redirecting, and whether that issuer promised RFC 9207 {@code iss}.
 */
public record StateClaims(String flowId, String codeVerifier, String issuer, boolean issRequired, String clientRef,
                          Instant expiresAt) {

    public StateClaims {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientRef, "clientRef");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "StateClaims[" + flowId + ", " + issuer + ", expires " + expiresAt + "]";
    }
}
