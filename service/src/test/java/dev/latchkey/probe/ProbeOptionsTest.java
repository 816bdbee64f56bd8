package dev.latchkey.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Subparser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeOptionsTest {

    private static final String CONTEXT = "{\"name\":\"auth/pre-registration\",\"client_id\":\"pre-registered-client\","
            + "\"client_secret\":\"pre-registered-secret\"}";

    private static ProbeOptions parse(Map<String, String> env, String... args) throws ArgumentParserException {
        ArgumentParser parser = ArgumentParsers.newFor("latchkey").build();
        Subparser probe = parser.addSubparsers().dest("command").addParser("probe");
        new ProbeCommand(config -> { throw new AssertionError("not started"); }).configure(probe);
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return ProbeOptions.from(ProbeCommand.raw(parser.parseArgs(all)), env);
    }

    @Test
    void defaultsNeedOnlyTheUrl() throws Exception {
        ProbeOptions options = parse(Map.of(), "http://localhost:3000/mcp");

        assertThat(options.mcpUrl()).isEqualTo(URI.create("http://localhost:3000/mcp"));
        assertThat(options.subject()).isEqualTo("probe");
        assertThat(options.interactive()).isFalse();
        assertThat(options.legacy()).isFalse();
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.tool()).isEmpty();
        assertThat(options.toolArguments().isObject()).isTrue();
        assertThat(options.toolArguments().size()).isZero();
        assertThat(options.clientMetadataUrl()).isEmpty();
        assertThat(options.preRegistered()).isEmpty();
    }

    @Test
    void everyOptionBeforeTheUrl() throws Exception {
        ProbeOptions options = parse(Map.of(), "--subject", "alice@example.com", "--interactive", "--timeout", "90s",
                "--tool", "echo", "--args", "{\"text\":\"hi\"}", "--client-metadata-url",
                "https://conformance-test.local/client-metadata.json", "--legacy", "--client-id", "abc",
                "--client-secret", "s3cret-value", "--auth-method", "client_secret_post", "https://mcp.example.com/mcp");

        assertThat(options.subject()).isEqualTo("alice@example.com");
        assertThat(options.interactive()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.tool()).contains("echo");
        assertThat(options.toolArguments().path("text").asText()).isEqualTo("hi");
        assertThat(options.clientMetadataUrl()).contains(URI.create("https://conformance-test.local/client-metadata.json"));
        assertThat(options.legacy()).isTrue();
        assertThat(options.preRegistered()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("abc");
            assertThat(c.clientSecret()).contains("s3cret-value");
            assertThat(c.authMethod()).isEqualTo("client_secret_post");
            assertThat(c.toString()).doesNotContain("s3cret-value");
        });
    }

    @Test
    void plainSecondsAreATimeout() throws Exception {
        assertThat(parse(Map.of(), "--timeout", "30", "http://localhost/mcp").timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void conformanceContextIsAPreRegisteredBasicClient() throws Exception {
        ProbeOptions options = parse(Map.of(ProbeOptions.CONTEXT_ENV, CONTEXT), "http://localhost:3000/mcp");

        assertThat(options.preRegistered()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("pre-registered-client");
            assertThat(c.clientSecret()).contains("pre-registered-secret");
            assertThat(c.authMethod()).isEqualTo("client_secret_basic");
        });
    }

    @Test
    void aClientCredentialsContextIsAMachineClientNotAPreRegisteredOne() throws Exception {
        ProbeOptions options = parse(Map.of(ProbeOptions.CONTEXT_ENV, "{\"name\":\"auth/client-credentials-basic\","
                + "\"client_id\":\"m2m\",\"client_secret\":\"m2m-secret\"}"), "http://localhost:3000/mcp");

        assertThat(options.preRegistered()).isEmpty();
        assertThat(options.machineClient()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("m2m");
            assertThat(c.authMethod()).isEqualTo("client_secret_basic");
        });
        assertThat(parse(Map.of(), "http://localhost/mcp").machineClient()).isEmpty();
    }

    @Test
    void aContextWithoutClientIdIsIgnored() throws Exception {
        ProbeOptions options = parse(Map.of(ProbeOptions.CONTEXT_ENV, "{\"name\":\"auth/x\"}"), "http://localhost/mcp");

        assertThat(options.preRegistered()).isEmpty();
    }

    @Test
    void commandLineCredentialsWinOverTheContextAndTheSecretMayComeFromTheEnvironment() throws Exception {
        ProbeOptions options = parse(Map.of(ProbeOptions.CONTEXT_ENV, CONTEXT, ProbeOptions.SECRET_ENV, "from-env"),
                "--client-id", "mine", "http://localhost/mcp");

        assertThat(options.preRegistered()).hasValueSatisfying(c -> {
            assertThat(c.clientId()).isEqualTo("mine");
            assertThat(c.clientSecret()).contains("from-env");
            assertThat(c.authMethod()).isEqualTo("client_secret_basic");
        });
    }

    @Test
    void aPublicClientHasMethodNone() throws Exception {
        ProbeOptions options = parse(Map.of(), "--client-id", "public", "http://localhost/mcp");

        assertThat(options.preRegistered()).hasValueSatisfying(c -> assertThat(c.authMethod()).isEqualTo("none"));
    }

    @Test
    void badValuesSayWhichOptionAndWhy() {
        assertThatThrownBy(() -> parse(Map.of(), "ftp://host/mcp")).hasMessageContaining("MCP server URL");
        assertThatThrownBy(() -> parse(Map.of(), "not a url")).hasMessageContaining("MCP server URL");
        assertThatThrownBy(() -> parse(Map.of(), "--args", "[1]", "http://h/mcp")).hasMessageContaining("--args");
        assertThatThrownBy(() -> parse(Map.of(), "--args", "{oops", "http://h/mcp")).hasMessageContaining("--args");
        assertThatThrownBy(() -> parse(Map.of(), "--timeout", "soon", "http://h/mcp")).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> parse(Map.of(), "--timeout", "0", "http://h/mcp")).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> parse(Map.of(), "--client-metadata-url", "relative", "http://h/mcp"))
                .hasMessageContaining("--client-metadata-url");
        assertThatThrownBy(() -> parse(Map.of(), "--client-secret", "x", "http://h/mcp")).hasMessageContaining("--client-id");
        assertThatThrownBy(() -> parse(Map.of(), "--client-id", "a", "--auth-method", "private_key_jwt", "http://h/mcp"))
                .hasMessageContaining("--auth-method");
        assertThatThrownBy(() -> parse(Map.of(), "--client-id", "a", "--auth-method", "client_secret_basic", "http://h/mcp"))
                .hasMessageContaining("needs --client-secret");
        assertThatThrownBy(() -> parse(Map.of(ProbeOptions.CONTEXT_ENV, "{not json"), "http://h/mcp"))
                .hasMessageContaining(ProbeOptions.CONTEXT_ENV);
    }

    @Test
    void theUrlIsRequired() {
        assertThatThrownBy(() -> parse(Map.of(), "--subject", "x")).isInstanceOf(ArgumentParserException.class);
    }
}
