package dev.latchkey.protocol;

import dev.latchkey.spi.RelaxationKind;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed relaxations keep the wording timelines and audit entries have always shown. */
class MetadataRelaxationTest {

    private static final String ORIGIN = "https://mcp.example";

    @Test
    void textsAreUnchanged() {
        assertThat(new MetadataRelaxation.Declared(RelaxationKind.ASSUME_PKCE_S256, "github, profile:gh", "why").text())
                .isEqualTo("ASSUME_PKCE_S256 by github, profile:gh: why");
        assertThat(MetadataRelaxation.Legacy.noResourceMetadata(ORIGIN).text()).isEqualTo(
                "legacy 2025-03-26: no protected-resource metadata, the MCP origin is the authorization server");
        assertThat(MetadataRelaxation.Legacy.issuerReplacedByOrigin(ORIGIN, "https://as.example").text()).isEqualTo(
                "legacy 2025-03-26: the metadata at https://mcp.example claims the issuer https://as.example; it is"
                        + " known as https://mcp.example, the origin it was fetched from");
        assertThat(MetadataRelaxation.Legacy.defaultEndpoints(ORIGIN).text()).isEqualTo(
                "legacy 2025-03-26: no metadata, default endpoints /authorize, /token, /register and S256 assumed");
    }

    @Test
    void onlyAPluginsDeclarationOfThatKindCounts() {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(ORIGIN, URI.create(ORIGIN + "/a"),
                URI.create(ORIGIN + "/t"), Optional.empty(), Optional.empty(), Optional.empty(), List.of("S256"),
                List.of(), List.of(), List.of(), false, false, URI.create(ORIGIN), List.of(
                        MetadataRelaxation.Legacy.defaultEndpoints(ORIGIN),
                        new MetadataRelaxation.Declared(RelaxationKind.ASSUME_PKCE_S256, "p", "r")));

        assertThat(metadata.declares(RelaxationKind.ASSUME_PKCE_S256)).isTrue();
        assertThat(metadata.declares(RelaxationKind.ACCEPT_ISSUER_MISMATCH)).isFalse();
    }
}
