package dev.latchkey.discovery;

import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.ResourceUris;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceUrisTest {

    @ParameterizedTest
    @CsvSource({
            "HTTPS://MCP.Example.COM/mcp, https://mcp.example.com/mcp",
            "https://mcp.example.com:443/mcp/, https://mcp.example.com/mcp",
            "http://localhost:80/a/b#frag, http://localhost/a/b",
            "https://mcp.example.com/, https://mcp.example.com/",
            "https://mcp.example.com, https://mcp.example.com",
            "https://user:pw@mcp.example.com:8443/MCP, https://mcp.example.com:8443/MCP",
            "https://mcp.example.com/mcp?tenant=1, https://mcp.example.com/mcp?tenant=1"})
    void canonicalForm(String input, String expected) {
        assertThat(ResourceUris.canonical(URI.create(input))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x/mcp", "/relative", "mailto:a@b"})
    void refusesWhatIsNoServerUrl(String input) {
        assertThatThrownBy(() -> ResourceUris.canonical(URI.create(input))).isInstanceOf(Failure.class);
    }

    @ParameterizedTest
    @CsvSource({"https://a.example, https://a.example/, true", "https://a.example/mcp, https://a.example, false",
            "https://a.example/mcp, https://a.example/mcp, true", "https://a.example/mcp, https://b.example/mcp, false"})
    void sameTreatsTheRootPathAsEmpty(String a, String b, boolean same) {
        assertThat(ResourceUris.same(a, b)).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource({
            "https://as.example, https://as.example/.well-known/oauth-authorization-server",
            "https://as.example/, https://as.example/.well-known/oauth-authorization-server",
            "https://as.example/t1, https://as.example/.well-known/oauth-authorization-server/t1",
            "https://as.example/t1/, https://as.example/.well-known/oauth-authorization-server/t1"})
    void metadataLocationsStripOneTrailingSlash(String issuer, String first) {
        assertThat(AuthorizationServerLocations.of(issuer).get(0)).isEqualTo(URI.create(first));
    }
}
