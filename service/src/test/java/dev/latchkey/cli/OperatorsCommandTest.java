package dev.latchkey.cli;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.console.Operators;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code operators add} reads the password from stdin and stores only a bcrypt hash; {@code list} shows both sources. */
class OperatorsCommandTest {

    @TempDir
    Path dir;

    @Test
    void addsAnOperatorFromStdinAndListsConfiguredAndStoredOperators() throws Exception {
        String hash = new String(BCrypt.withDefaults().hash(4, "root password!".toCharArray()), StandardCharsets.US_ASCII);
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                database:
                  url: "%s"
                  user: latchkey
                  driverClass: org.h2.Driver
                keyring:
                  file: "%s"
                console:
                  operators:
                    - name: root
                      passwordHash: "%s"
                """.formatted(TestDatabases.h2Url(dir), dir.resolve("keyring.json"), hash));

        String added = run(config, "typed on stdin, long enough\n", "operators", "add", "ada", "--password-stdin");
        String listed = run(config, "", "operators", "list");

        assertThat(added).contains("Saved operator ada").doesNotContain("typed on stdin");
        assertThat(listed).contains("root", "configuration", "ada", "database");
        Jdbi jdbi = Jdbi.create(TestDatabases.h2Url(dir), "latchkey", "");
        Operators operators = new Operators(List.of(), jdbi, Clock.systemUTC());
        assertThat(operators.verify("ada", "typed on stdin, long enough")).isTrue();
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM operators")
                .mapTo(String.class).one());
        assertThat(stored).startsWith("$2");
    }

    private static String run(Path config, String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bootstrap<LatchkeyConfiguration> bootstrap = new Bootstrap<>(new LatchkeyApplication());
        bootstrap.addCommand(new OperatorsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                config.toString())).toArray(String[]::new);
        Optional<Throwable> failure = new Cli(new JarLocation(OperatorsCommandTest.class), bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all);
        assertThat(failure).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return out.toString(StandardCharsets.UTF_8);
    }
}
