package dev.latchkey.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyringTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void generatesOnFirstStartIntoAnOwnerOnlyFileAndReadsTheSameKeysBack(@TempDir Path dir) throws Exception {
        KeyringFactory factory = factory(dir);
        Keyring created = factory.loadOrCreate(clock);

        Path file = dir.resolve("data/keyring.json");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Keyring reloaded = factory.loadOrCreate(clock);
        assertThat(reloaded.active(KeyUse.ENCRYPTION).kid()).isEqualTo(created.active(KeyUse.ENCRYPTION).kid());
        assertThat(reloaded.active(KeyUse.SIGNING).material()).isEqualTo(created.active(KeyUse.SIGNING).material());
    }

    @Test
    void rotationAddsAnActiveKeyWhileOlderKeysStillDecryptUntilRetired(@TempDir Path dir) {
        Keyring first = Keyring.generate(clock);
        KeyringSource source = KeyringSource.fixed(first);
        String sealedBefore = new Sealer(source).seal("token", "aad");
        String signedBefore = new Signer(source).sign("message");

        Keyring rotated = first.rotate(KeyUse.ENCRYPTION, Clock.offset(clock, Duration.ofMinutes(1)))
                .rotate(KeyUse.SIGNING, Clock.offset(clock, Duration.ofMinutes(1)));
        KeyringSource after = KeyringSource.fixed(rotated);
        Sealer sealer = new Sealer(after);
        String sealedAfter = sealer.seal("token", "aad");

        assertThat(Sealer.keyId(sealedAfter)).isNotEqualTo(Sealer.keyId(sealedBefore));
        assertThat(sealer.openString(sealedBefore, "aad")).isEqualTo("token");
        assertThat(new Signer(after).verify("message", signedBefore)).isTrue();

        Keyring retired = rotated.retire(first.active(KeyUse.ENCRYPTION).kid(), clock);
        assertThatThrownBy(() -> new Sealer(KeyringSource.fixed(retired)).open(sealedBefore, "aad"))
                .isInstanceOf(SealedValueException.class).hasMessageContaining("unknown or retired");
    }

    @Test
    void theActiveKeyCannotBeRetired() {
        Keyring keyring = Keyring.generate(clock);
        assertThatThrownBy(() -> keyring.retire(keyring.active(KeyUse.ENCRYPTION).kid(), clock))
                .hasMessageContaining("active");
    }

    @Test
    void sealedValuesAreBoundToTheirOwnerAndDetectTampering() {
        Sealer sealer = new Sealer(KeyringSource.fixed(Keyring.generate(clock)));
        String sealed = sealer.seal("secret-value", "connection:a");

        assertThat(sealer.openString(sealed, "connection:a")).isEqualTo("secret-value");
        assertThat(sealed).doesNotContain("secret-value");
        assertThatThrownBy(() -> sealer.open(sealed, "connection:b")).isInstanceOf(SealedValueException.class);
        char[] chars = sealed.toCharArray();
        chars[chars.length - 5] = chars[chars.length - 5] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> sealer.open(new String(chars), "connection:a")).isInstanceOf(SealedValueException.class);
    }

    @Test
    void aKeyringFromConfigurationIsUsedAsIsAndNeverWrittenToDisk(@TempDir Path dir) {
        Keyring supplied = Keyring.generate(clock);
        KeyringFactory factory = factory(dir);
        factory.setJson(supplied.toJson());

        assertThat(factory.loadOrCreate(clock).active(KeyUse.ENCRYPTION).kid())
                .isEqualTo(supplied.active(KeyUse.ENCRYPTION).kid());
        assertThat(dir.resolve("data/keyring.json")).doesNotExist();
    }

    @Test
    void malformedKeyringJsonFailsWithoutQuotingIt() {
        assertThatThrownBy(() -> Keyring.fromJson("{\"version\":1,\"keys\":[{\"k\":\"c2VjcmV0LW1hdGVyaWFs\""))
                .hasMessageNotContaining("c2VjcmV0LW1hdGVyaWFs");
    }

    @Test
    void keyringTextNeverShowsMaterial() {
        Keyring keyring = Keyring.generate(clock);
        String material = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(keyring.active(KeyUse.ENCRYPTION).material());
        assertThat(keyring.toString()).doesNotContain(material);
    }

    private static KeyringFactory factory(Path dir) {
        KeyringFactory factory = new KeyringFactory();
        factory.setFile(dir.resolve("data/keyring.json").toString());
        return factory;
    }
}
