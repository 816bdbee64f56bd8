package dev.latchkey.flow;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.security.KeyEntry;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.KeyringSource;
import java.text.ParseException;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals and opens {@code state}: a compact JWE ({@code dir}, {@code A256GCM}) under the active
 * encryption key, its key id in the header. Integrity-protected and confidential, so a leaked
 * redirect URL reveals neither the PKCE verifier nor anything else.
 */
public final class StateCodec {

    private static final int MAX_STATE_LENGTH = 2048;

    private final KeyringSource keys;

    public StateCodec(KeyringSource keys) {
        this.keys = keys;
    }

    public String seal(StateClaims claims) {
        KeyEntry key = keys.active(KeyUse.ENCRYPTION);
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("fid", claims.flowId())
                .claim("cv", claims.codeVerifier())
                .claim("ais", claims.issuer())
                .claim("isr", claims.issRequired())
                .claim("crf", claims.clientRef())
                .expirationTime(Date.from(claims.expiresAt()))
                .build();
        // The flow id also stands in the (authenticated, not secret) header, so that a state that fails
        // verification can still be reported on the flow it claims to belong to.
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .keyID(key.kid()).customParam("fid", claims.flowId()).build(), set);
        try {
            jwt.encrypt(new DirectEncrypter(key.secretKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal state", e);
        }
        return jwt.serialize();
    }

    /** The flow a state claims to belong to, read from its header without verifying anything. */
    public Optional<String> claimedFlowId(String state) {
        if (state == null || state.length() > MAX_STATE_LENGTH) {
            return Optional.empty();
        }
        try {
            Object fid = EncryptedJWT.parse(state).getHeader().getCustomParam("fid");
            return fid instanceof String id && id.matches("flw_[a-z2-7]{26}") ? Optional.of(id) : Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Opens a state; empty when it is malformed, tampered with, or sealed with an unknown or retired key. */
    public Optional<StateClaims> open(String state) {
        if (state == null || state.length() > MAX_STATE_LENGTH) {
            return Optional.empty();
        }
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(state);
            JWEHeader header = jwt.getHeader();
            if (!JWEAlgorithm.DIR.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                    || header.getKeyID() == null) {
                return Optional.empty();
            }
            Optional<KeyEntry> key = keys.usable(header.getKeyID(), KeyUse.ENCRYPTION);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            jwt.decrypt(new DirectDecrypter(key.get().secretKey()));
            JWTClaimsSet set = jwt.getJWTClaimsSet();
            return Optional.of(new StateClaims(set.getStringClaim("fid"), set.getStringClaim("cv"),
                    set.getStringClaim("ais"), Boolean.TRUE.equals(set.getBooleanClaim("isr")),
                    set.getStringClaim("crf"), set.getExpirationTime().toInstant()));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
