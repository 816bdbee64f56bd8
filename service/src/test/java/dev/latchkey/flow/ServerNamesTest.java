package dev.latchkey.flow;

import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerNamesTest {

    @Test
    void aSlugIsTheLowercaseHostPortAndPathJoinedBySingleDashes() {
        assertThat(ServerNames.slug(URI.create("https://mcp.example.com/v1/mcp"))).isEqualTo("mcp-example-com-v1-mcp");
        assertThat(ServerNames.slug(URI.create("http://127.0.0.1:3001/mcp/"))).isEqualTo("127-0-0-1-3001-mcp");
        assertThat(ServerNames.slug(URI.create("https://API.GitHubCopilot.com//mcp__x"))).isEqualTo("api-githubcopilot-com-mcp-x");
    }

    @Test
    void aSlugIsAtMostAHundredCharacters() {
        String slug = ServerNames.slug(URI.create("https://mcp.example.com/" + "segment/".repeat(30)));
        assertThat(slug).hasSize(100).startsWith("mcp-example-com-segment-segment");
    }
}
