package dev.latchkey.gateway.servers;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSlugsTest {

    private static final URI URL = URI.create("https://mcp.example.com/v1/mcp");

    @Test
    void aSlugComesFromTheNameInLowercaseLettersDigitsAndSingleDashes() {
        assertThat(ServerSlugs.base("GitHub Copilot", URL)).isEqualTo("github-copilot");
        assertThat(ServerSlugs.base("  Café / Crème -- Brûlée!! ", URL)).isEqualTo("cafe-creme-brulee");
        assertThat(ServerSlugs.base("a".repeat(39) + " bcd", URL)).isEqualTo("a".repeat(39)).hasSize(39);
        assertThat(ServerSlugs.base("x".repeat(80), URL)).hasSize(ServerSlugs.MAX_BASE);
    }

    @Test
    void aNameWithoutLettersOrDigitsFallsBackToTheHost() {
        assertThat(ServerSlugs.base("日本語", URL)).isEqualTo("mcp-example-com");
        assertThat(ServerSlugs.base("!!!", URL)).isEqualTo("mcp-example-com");
    }

    @Test
    void aTakenSlugGetsTheFirstFreeSuffix() {
        assertThat(ServerSlugs.free("files", List.of())).isEqualTo("files");
        assertThat(ServerSlugs.free("files", List.of("files-2", "files-archive"))).isEqualTo("files");
        assertThat(ServerSlugs.free("files", List.of("files", "files-2", "files-4"))).isEqualTo("files-3");
    }
}
