package dev.latchkey.cli;

import dev.latchkey.config.LatchkeyConfiguration;
import dev.latchkey.testing.Http;
import dev.latchkey.testing.RepoRoot;
import dev.latchkey.testing.TempDirs;
import dev.latchkey.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The API key commands run in another process while the server holds the embedded database. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiKeysCommandTest {

    private static final Path DIR = TempDirs.create("cli");
    private static final TestApp APP = TestApp.h2(DIR);
    static final DropwizardAppExtension<LatchkeyConfiguration> EXT = APP.extension();

    @Test
    void createListAndRevokeWhileTheServerIsRunning() throws Exception {
        Result created = cli("api-keys", "create", "--tenant", "acme", "--name", "laptop");
        assertThat(created.exit()).as(created.output()).isZero();
        List<String> lines = created.stdout().lines().toList();
        String key = lines.get(lines.size() - 1);
        assertThat(key).matches("lk_[a-z2-7]{10}_[A-Za-z0-9_-]{43}");
        assertThat(Http.get(APP.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(200);

        Result listed = cli("api-keys", "list");
        assertThat(listed.exit()).as(listed.output()).isZero();
        String prefix = key.substring(0, 13);
        assertThat(listed.stdout()).contains(prefix).contains("acme").contains("laptop").contains("active")
                .doesNotContain(key.substring(14));

        Result revoked = cli("api-keys", "revoke", prefix);
        assertThat(revoked.exit()).as(revoked.output()).isZero();
        assertThat(Http.get(APP.baseUrl() + "/v1/whoami", key).statusCode()).isEqualTo(401);
        assertThat(created.stderr() + listed.output() + revoked.output()).doesNotContain(key.substring(14));
    }

    @Test
    void badUsageFailsWithAMessageAndNoTrace() throws Exception {
        Result missingTenant = cli("api-keys", "create");
        assertThat(missingTenant.exit()).isNotZero();
        assertThat(missingTenant.output()).contains("--tenant");
        Result unknownPrefix = cli("api-keys", "revoke", "lk_doesnotexi");
        assertThat(unknownPrefix.exit()).isNotZero();
        assertThat(unknownPrefix.output()).contains("no active API key");
    }

    record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /** Runs the real command line in a child JVM against the running app's database and keyring. */
    private static Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.latchkey.LatchkeyApplication"));
        command.addAll(List.of(args));
        command.add(RepoRoot.configYml().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LATCHKEY_DB_URL", EXT.getConfiguration().getDatabase().getUrl());
        builder.environment().put("LATCHKEY_KEYRING_FILE", DIR.resolve("keyring.json").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}
