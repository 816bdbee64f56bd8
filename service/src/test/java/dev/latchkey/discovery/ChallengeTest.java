package dev.latchkey.discovery;

import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeTest {

    @Test
    void readsResourceMetadataScopeAndError() {
        Challenge challenge = Challenge.parse("Bearer error=\"insufficient_scope\", scope=\"mcp:basic mcp:write\", "
                + "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");

        assertThat(challenge.resourceMetadata())
                .contains(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp"));
        assertThat(challenge.scopes()).containsExactly("mcp:basic", "mcp:write");
        assertThat(challenge.isInsufficientScope()).isTrue();
    }

    @Test
    void findsTheBearerChallengeAmongOthersAndToleratesOddSpacing() {
        Challenge challenge = Challenge.parse("Basic realm=\"x\", bearer   resource_metadata=https://a.example/m,scope=read");
        assertThat(challenge.resourceMetadata()).contains(URI.create("https://a.example/m"));
        assertThat(challenge.scopes()).containsExactly("read");
    }

    @Test
    void ignoresGarbageAndRelativeUrls() {
        assertThat(Challenge.parse(null)).isEqualTo(Challenge.NONE);
        assertThat(Challenge.parse("Basic realm=\"x\"")).isEqualTo(Challenge.NONE);
        assertThat(Challenge.parse("Bearer resource_metadata=\"/relative\"").resourceMetadata()).isEmpty();
        assertThat(Challenge.parse("Bearer scope=\"unterminated").scopes()).containsExactly("unterminated");
    }
}
