package dev.latchkey.security;

import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A running instance reads its keyring file again every {@code keyring.reloadInterval}: a rotation
 * or retirement written by {@code keys} in another process is honoured within that bound, with no
 * restart — the retired key neither seals nor opens any more.
 */
class KeyringReloadTest {

    private static final long RELOAD_MILLIS = 300;

    @TempDir
    Path dir;

    @Test
    void aRetiredKeyStopsSealingAndOpeningWithinTheReloadInterval() throws Exception {
        Clock clock = Clock.systemUTC();
        KeyringFactory instance = factory();
        Sealer sealer = new Sealer(instance.build(clock));
        String oldKid = Keyring.fromJson(java.nio.file.Files.readString(instance.path())).active(KeyUse.ENCRYPTION).kid();
        String sealedBefore = sealer.seal("token", "aad");
        assertThat(Sealer.keyId(sealedBefore)).isEqualTo(oldKid);

        // What keys rotate, then keys retire, write from another process.
        KeyringFactory cli = factory();
        Keyring rotated = cli.loadOrCreate(clock).rotate(KeyUse.ENCRYPTION, clock);
        cli.save(rotated.retire(oldKid, clock));
        String newKid = rotated.active(KeyUse.ENCRYPTION).kid();
        Thread.sleep(RELOAD_MILLIS + 50);

        assertThat(Sealer.keyId(sealer.seal("token", "aad"))).isEqualTo(newKid);
        assertThatThrownBy(() -> sealer.open(sealedBefore, "aad")).isInstanceOf(SealedValueException.class)
                .hasMessageContaining("retired");
    }

    @Test
    void aKeyringThatCannotBeReadKeepsTheKeysInUse() throws Exception {
        Clock clock = Clock.systemUTC();
        KeyringFactory instance = factory();
        Sealer sealer = new Sealer(instance.build(clock));
        String sealed = sealer.seal("token", "aad");
        java.nio.file.Files.writeString(instance.path(), "{not json");
        Thread.sleep(RELOAD_MILLIS + 50);

        assertThat(sealer.openString(sealed, "aad")).isEqualTo("token");
        assertThat(Sealer.keyId(sealer.seal("token", "aad"))).isEqualTo(Sealer.keyId(sealed));
    }

    private KeyringFactory factory() {
        KeyringFactory factory = new KeyringFactory();
        factory.setFile(dir.resolve("keyring.json").toString());
        factory.setReloadInterval(Duration.milliseconds(RELOAD_MILLIS));
        return factory;
    }
}
