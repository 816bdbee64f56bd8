package dev.latchkey.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyring's DPoP keys: old keyrings stay readable, rotation keeps bound tokens usable until retirement. */
class DPoPKeysTest {

    private static final Clock DAY_ONE = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock DAY_TWO = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aKeyringWrittenBeforeDPoPIsReadAndGetsItsFirstDPoPKeyByRotation() {
        String old = """
                {"version":1,"keys":[
                 {"kid":"sig-20250101-aaaaaa","use":"sig","created":"2025-01-01T00:00:00Z","k":"%s"},
                 {"kid":"enc-20250101-bbbbbb","use":"enc","created":"2025-01-01T00:00:00Z","k":"%s"}]}"""
                .formatted(bits(), bits());
        Keyring keyring = Keyring.fromJson(old);
        assertThat(keyring.activeIfAny(KeyUse.DPOP)).isEmpty();
        assertThat(new DPoPKeys(KeyringSource.fixed(keyring)).active()).isEmpty();

        Keyring rotated = keyring.rotate(KeyUse.DPOP, DAY_ONE);
        assertThat(rotated.active(KeyUse.SIGNING).kid()).isEqualTo("sig-20250101-aaaaaa");
        assertThat(new DPoPKeys(KeyringSource.fixed(Keyring.fromJson(rotated.toJson()))).active()).isPresent();
    }

    @Test
    void aNewKeyringHasAP256KeyThatSurvivesTheFileFormatAndIsNeverPrinted() {
        Keyring keyring = Keyring.generate(DAY_ONE);
        DPoPKey key = DPoPKey.of(keyring.active(KeyUse.DPOP));
        DPoPKey reread = DPoPKey.of(Keyring.fromJson(keyring.toJson()).active(KeyUse.DPOP));

        assertThat(reread.thumbprint()).isEqualTo(key.thumbprint()).matches("[A-Za-z0-9_-]{43}");
        assertThat(key.privateJwk().getCurve().getName()).isEqualTo("P-256");
        String d = key.privateJwk().getD().toString();
        assertThat(key.toString()).doesNotContain(d);
        assertThat(keyring.toString()).doesNotContain(d);
        assertThat(keyring.active(KeyUse.DPOP).toString()).doesNotContain(d);
    }

    @Test
    void afterRotationTheOldKeyStillSignsForItsTokensUntilRetired() {
        Keyring first = Keyring.generate(DAY_ONE);
        String oldJkt = DPoPKey.of(first.active(KeyUse.DPOP)).thumbprint();
        Keyring rotated = first.rotate(KeyUse.DPOP, DAY_TWO);
        DPoPKeys keys = new DPoPKeys(KeyringSource.fixed(rotated));

        assertThat(keys.active().orElseThrow().thumbprint()).isNotEqualTo(oldJkt);
        assertThat(keys.byThumbprint(oldJkt)).isPresent();

        Keyring retired = rotated.retire(first.active(KeyUse.DPOP).kid(), DAY_TWO);
        assertThat(new DPoPKeys(KeyringSource.fixed(retired)).byThumbprint(oldJkt)).isEmpty();
    }

    @Test
    void aDPoPKeyIsNotASecretKeyAndEmptyMaterialIsRefused() {
        KeyEntry entry = Keyring.generate(DAY_ONE).active(KeyUse.DPOP);
        assertThatThrownBy(entry::secretKey).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new KeyEntry("dpop-x-1234", KeyUse.DPOP, Instant.EPOCH, java.util.Optional.empty(),
                new byte[0])).isInstanceOf(IllegalArgumentException.class);
        KeyEntry notEc = new KeyEntry("dpop-x-1234", KeyUse.DPOP, Instant.EPOCH, java.util.Optional.empty(),
                "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DPoPKey.of(notEc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2VjcmV0");
    }

    private static String bits() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    }
}
