package dev.latchkey.cli;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys rotate} adds active keys that old ciphertexts survive; {@code keys retire} stops an old key. */
class KeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void rotateThenRetireThroughTheCommandLine() throws Exception {
        Path config = dir.resolve("config.yml");
        Path file = dir.resolve("keyring.json");
        Files.writeString(config, """
                database:
                  url: "jdbc:h2:mem:keys"
                  driverClass: org.h2.Driver
                keyring:
                  file: "%s"
                """.formatted(file));

        Result listed = run(config, "keys", "list");
        assertThat(listed.failure()).isEmpty();
        Keyring first = Keyring.fromJson(Files.readString(file));
        String oldKid = first.active(KeyUse.ENCRYPTION).kid();
        String sealed = new Sealer(KeyringSource.fixed(first)).seal("token", "aad");
        assertThat(listed.out()).contains(oldKid).contains("active");

        Result rotated = run(config, "keys", "rotate", "--use", "enc");
        assertThat(rotated.failure()).isEmpty();
        Keyring second = Keyring.fromJson(Files.readString(file));
        assertThat(second.active(KeyUse.ENCRYPTION).kid()).isNotEqualTo(oldKid);
        assertThat(second.active(KeyUse.SIGNING).kid()).isEqualTo(first.active(KeyUse.SIGNING).kid());
        assertThat(new Sealer(KeyringSource.fixed(second)).openString(sealed, "aad")).isEqualTo("token");
        assertThat(rotated.out()).contains(oldKid + " ").contains("verify/decrypt only");

        Result retired = run(config, "keys", "retire", oldKid);
        assertThat(retired.failure()).isEmpty();
        assertThat(Keyring.fromJson(Files.readString(file)).usable(oldKid, KeyUse.ENCRYPTION)).isEmpty();
        assertThat(retired.out()).contains("retired");

        Result activeRetire = run(config, "keys", "retire", second.active(KeyUse.ENCRYPTION).kid());
        assertThat(activeRetire.failure()).isPresent();
        assertThat(activeRetire.err()).contains("active").doesNotContain("Exception");
        assertThat(listed.out() + rotated.out() + retired.out()).doesNotContain(
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(first.active(KeyUse.ENCRYPTION).material()));
    }

    @Test
    void aDPoPKeyIsRotatedWithItsOwnUseAndItsRetirementSaysWhatItEnds() throws Exception {
        Path config = dir.resolve("config-dpop.yml");
        Path file = dir.resolve("keyring-dpop.json");
        Files.writeString(config, """
                database:
                  url: "jdbc:h2:mem:keys-dpop"
                  driverClass: org.h2.Driver
                keyring:
                  file: "%s"
                """.formatted(file));

        assertThat(run(config, "keys", "list").failure()).isEmpty();
        Keyring first = Keyring.fromJson(Files.readString(file));
        String oldKid = first.active(KeyUse.DPOP).kid();

        Result rotated = run(config, "keys", "rotate", "--use", "dpop");
        assertThat(rotated.failure()).isEmpty();
        Keyring second = Keyring.fromJson(Files.readString(file));
        assertThat(second.active(KeyUse.DPOP).kid()).isNotEqualTo(oldKid);
        assertThat(second.active(KeyUse.ENCRYPTION).kid()).isEqualTo(first.active(KeyUse.ENCRYPTION).kid());

        Result retired = run(config, "keys", "retire", oldKid);
        assertThat(retired.failure()).isEmpty();
        assertThat(retired.out()).contains("0 active connections hold tokens bound to DPoP key " + oldKid);
        String d = dev.latchkey.security.DPoPKey.of(first.active(KeyUse.DPOP)).privateJwk().getD().toString();
        assertThat(rotated.out() + retired.out()).doesNotContain(d);
    }

    record Result(Optional<Throwable> failure, String out, String err) {
    }

    private static Result run(Path config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bootstrap<LatchkeyConfiguration> bootstrap = new Bootstrap<>(new LatchkeyApplication());
        bootstrap.addCommand(new KeysCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                config.toString())).toArray(String[]::new);
        Optional<Throwable> failure = new Cli(new JarLocation(KeysCommandTest.class), bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all);
        return new Result(failure, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
