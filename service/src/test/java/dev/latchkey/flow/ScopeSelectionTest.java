package dev.latchkey.flow;

import dev.latchkey.discovery.Challenge;
import dev.latchkey.protocol.AuthorizationServerMetadata;
import dev.latchkey.protocol.ProtectedResourceMetadata;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeSelectionTest {

    private static final ProtectedResourceMetadata PRM = new ProtectedResourceMetadata("https://mcp.example/mcp",
            List.of("https://as.example"), List.of("mcp:basic", "mcp:read"), URI.create("https://mcp.example/.well-known/x"));

    @Test
    void challengeScopesWinOverResourceMetadata() {
        assertThat(ScopeSelection.choose(List.of(), Challenge.parse("Bearer scope=\"files:read\""), List.of(), PRM,
                server(List.of()))).containsExactly("files:read");
    }

    @Test
    void resourceMetadataScopesAreUsedWhenTheChallengeHasNone() {
        assertThat(ScopeSelection.choose(List.of(), Challenge.NONE, List.of(), PRM, server(List.of())))
                .containsExactly("mcp:basic", "mcp:read");
    }

    @Test
    void noScopeIsSentWhenNothingIsKnown() {
        ProtectedResourceMetadata bare = new ProtectedResourceMetadata(PRM.resource(), PRM.authorizationServers(),
                List.of(), PRM.fetchedFrom());
        assertThat(ScopeSelection.choose(List.of(), Challenge.NONE, List.of(), bare, server(List.of("offline_access"))))
                .isEmpty();
    }

    @Test
    void stepUpAsksForTheUnionWithWhatIsHeld() {
        assertThat(ScopeSelection.choose(List.of(), Challenge.parse("Bearer error=\"insufficient_scope\", scope=\"mcp:write\""),
                List.of("mcp:basic"), PRM, server(List.of()))).containsExactly("mcp:basic", "mcp:write");
    }

    @Test
    void offlineAccessOnlyWhenTheAuthorizationServerListsIt() {
        assertThat(ScopeSelection.choose(List.of(), Challenge.NONE, List.of(), PRM, server(List.of("mcp:basic", "offline_access"))))
                .containsExactly("mcp:basic", "mcp:read", "offline_access");
        assertThat(ScopeSelection.choose(List.of(), Challenge.parse("Bearer scope=\"a offline_access\""), List.of(), PRM,
                server(List.of("a")))).containsExactly("a");
    }

    @Test
    void anExplicitListIsTakenAsIs() {
        assertThat(ScopeSelection.choose(List.of("x", "x", "y"), Challenge.parse("Bearer scope=\"z\""), List.of(), PRM,
                server(List.of("offline_access")))).containsExactly("x", "y");
    }

    private static AuthorizationServerMetadata server(List<String> scopes) {
        return new AuthorizationServerMetadata("https://as.example", URI.create("https://as.example/authorize"),
                URI.create("https://as.example/token"), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("S256"), List.of(), scopes, List.of(), false, false, URI.create("https://as.example/.well-known"),
                List.of());
    }
}
