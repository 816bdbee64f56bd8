package dev.latchkey.probe;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeReportTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ProbeReport report = new ProbeReport(new PrintStream(printed, true, StandardCharsets.UTF_8));

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void registeredSecretsAreMaskedInEveryKindOfLine() {
        report.secret("test-token-1764287000000");
        report.secret("pre-registered-secret");

        report.ok("got test-token-1764287000000 from the token endpoint");
        report.info("client secret pre-registered-secret in use");
        report.fail("rejected test-token-1764287000000");
        report.detail("token_exchange ok: test-token-1764287000000");

        assertThat(output()).doesNotContain("test-token-1764287000000").doesNotContain("pre-registered-secret")
                .contains("got **** from the token endpoint");
        assertThat(report.lines()).hasSize(4).noneMatch(line -> line.contains("test-token-1764287000000"));
    }

    @Test
    void credentialsCodesAndApiKeysAreMaskedEvenWhenNotRegistered() {
        report.info("sent Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln and Basic cHJlOnNlY3JldA==");
        report.info("redirect to http://127.0.0.1:1/oauth/callback?code=test-auth-code&state=abc.def&iss=x");
        report.info("token request with code_verifier=xyz123456 client_secret=hunter2");
        report.info("key lk_abcdefghij_0123456789012345678901234567890123456789012");

        assertThat(output()).doesNotContain("eyJhbGciOiJSUzI1NiJ9").doesNotContain("cHJlOnNlY3JldA==")
                .doesNotContain("test-auth-code").doesNotContain("abc.def").doesNotContain("xyz123456")
                .doesNotContain("hunter2").doesNotContain("0123456789012345678901234567890123456789012")
                .contains("Bearer ****").contains("code=****&state=****&iss=x").contains("lk_****");
    }

    @Test
    void aChallengeStaysReadable() {
        String challenge = "Bearer error=\"insufficient_scope\", scope=\"mcp:basic mcp:write\", "
                + "resource_metadata=\"http://localhost:3000/.well-known/oauth-protected-resource/mcp\"";

        report.info("challenge: " + challenge);

        assertThat(output()).contains(challenge);
    }

    @Test
    void theResultLineFollowsTheFailures() {
        report.ok("one");
        assertThat(report.finish()).isZero();
        assertThat(output()).contains("RESULT: PASS (exit 0)");

        report.fail("two");
        assertThat(report.finish()).isEqualTo(1);
        assertThat(output()).contains("[FAIL] two").contains("RESULT: FAIL (exit 1)");
    }
}
