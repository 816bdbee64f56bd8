package dev.latchkey.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.LatchkeyApplication;
import dev.latchkey.cli.OperatorsCommand;
import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import dev.latchkey.testing.TestDatabases;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console session ends at its next request once its operator is removed or gets another
 * password — through the CLI against the database the running server uses, or by any other writer.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperatorChangeEndsSessionsTest {

    private static final Path DIR = TempDirs.create("operator-change");
    private static final TestApp APP = TestApp.h2(DIR);
    private static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();
    private static final String PASSWORD = "the first password";

    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        jdbi = Jdbi.create(TestDatabases.h2Url(DIR), "latchkey", "");
    }

    @Test
    void removingTheOperatorWithTheCliSignsItsSessionsOut() throws Exception {
        ConsoleHttp browser = signedIn("grace");

        String said = cli("", "operators", "remove", "grace");

        assertThat(said).contains("Removed operator grace");
        assertSignedOut(browser);
        assertThat(sessionsOf("grace")).isZero();
        assertThat(new ConsoleHttp(APP.baseUrl()).signIn("grace", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(audited("console.operator_remove", "grace")).isEqualTo(1);
    }

    @Test
    void changingThePasswordWithTheCliSignsItsSessionsOut() throws Exception {
        ConsoleHttp browser = signedIn("hopper");
        ConsoleHttp other = signedIn("hopper");

        String said = cli("a brand new password\n", "operators", "add", "hopper", "--password-stdin");

        assertThat(said).contains("Changed the password of operator hopper");
        assertSignedOut(browser);
        assertSignedOut(other);
        assertThat(new ConsoleHttp(APP.baseUrl()).signIn("hopper", PASSWORD).statusCode()).isEqualTo(401);
        ConsoleHttp again = new ConsoleHttp(APP.baseUrl());
        assertThat(again.signIn("hopper", "a brand new password").statusCode()).isEqualTo(303);
        assertThat(again.get("/console").statusCode()).isEqualTo(200);
        assertThat(audited("console.operator_password", "hopper")).isEqualTo(1);
    }

    @Test
    void aPasswordHashChangedByAnyOtherWriterAlsoEndsTheSession() {
        ConsoleHttp browser = signedIn("lovelace");
        String otherHash = new String(BCrypt.withDefaults().hash(4, "set by another writer".toCharArray()),
                StandardCharsets.US_ASCII);

        jdbi.useHandle(h -> h.createUpdate("UPDATE operators SET password_hash = :hash WHERE name = 'lovelace'")
                .bind("hash", otherHash).execute());

        assertThat(sessionsOf("lovelace")).as("nothing deleted the session row").isOne();
        assertSignedOut(browser);
        assertThat(sessionsOf("lovelace")).as("the request that found it stale ended it").isZero();
    }

    private static ConsoleHttp signedIn(String name) {
        if (jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM operators WHERE name = :name").bind("name", name)
                .mapTo(Integer.class).one()) == 0) {
            new Operators(List.of(), jdbi, Clock.systemUTC()).add(name, PASSWORD.toCharArray());
        }
        ConsoleHttp browser = new ConsoleHttp(APP.baseUrl());
        assertThat(browser.signIn(name, PASSWORD).statusCode()).isEqualTo(303);
        assertThat(browser.get("/console").statusCode()).isEqualTo(200);
        return browser;
    }

    private static void assertSignedOut(ConsoleHttp browser) {
        HttpResponse<String> page = browser.get("/console/flows");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("location")).hasValueSatisfying(location -> assertThat(location)
                .contains("/console/login"));
    }

    private static int sessionsOf(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM console_sessions WHERE operator = :name")
                .bind("name", name).mapTo(Integer.class).one());
    }

    private static int audited(String action, String target) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM audit_log WHERE action = :action AND target_id = :target AND actor_type = 'CLI'")
                .bind("action", action).bind("target", target).mapTo(Integer.class).one());
    }

    /** The real CLI, in this JVM, on the running server's configuration (its dw.* overrides included). */
    private static String cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bootstrap<LatchkeyConfiguration> bootstrap = new Bootstrap<>(new LatchkeyApplication());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new OperatorsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null));
        String[] all = Stream.concat(Stream.of(args), Stream.of(APP.configFile())).toArray(String[]::new);
        Optional<Throwable> failure = new Cli(new JarLocation(OperatorChangeEndsSessionsTest.class), bootstrap,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all);
        assertThat(failure).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return out.toString(StandardCharsets.UTF_8);
    }
}
