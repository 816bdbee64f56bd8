package dev.latchkey.api;

import dev.latchkey.testing.Peers;
import dev.latchkey.testing.RepoRoot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document passes Redocly's linter (npm {@code @redocly/cli}, src/contract) with its
 * recommended rules, warnings counted as errors. Without Node or src/contract's packages the test
 * skips loudly, and fails in CI.
 */
class OpenApiLintTest {

    @Test
    void redoclyFindsNoProblem() {
        String document = RepoRoot.get().resolve("service/src/main/resources" + OpenApiResource.DOCUMENT).toString();
        // A lint error is a non-zero exit, which fails here with the linter's report.
        String report = Peers.run("src/contract", "lint.mjs", Duration.ofSeconds(120), document);
        assertThat(report).contains("Your API description is valid");
    }
}
