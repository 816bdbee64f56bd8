package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataTest {

    private final AuthorizationServerMetadata cognito = AuthorizationServerMetadata.of(
            "https://cognito-idp.eu-west-1.amazonaws.com/pool",
            URI.create("https://auth.example/oauth2/authorize"), URI.create("https://auth.example/oauth2/token"));

    @Test
    void assumeS256IsAnAuditedRelaxation() {
        AuthorizationServerMetadata relaxed = cognito.assumeS256("Cognito supports S256 but omits it");

        assertThat(cognito.supportsS256()).isFalse();
        assertThat(relaxed.supportsS256()).isTrue();
        assertThat(relaxed.relaxations()).containsExactly(
                new Relaxation(RelaxationKind.ASSUME_PKCE_S256, "Cognito supports S256 but omits it"));
    }

    @Test
    void assumeS256OnACompliantServerChangesNothing() {
        AuthorizationServerMetadata compliant = cognito.withCodeChallengeMethodsSupported(List.of("S256"));

        assertThat(compliant.assumeS256("not needed")).isSameAs(compliant);
    }

    @Test
    void staticEndpointsCanBeSuppliedAndPatched() {
        AuthorizationServerMetadata patched = cognito
                .withRevocationEndpoint(Optional.of(URI.create("https://auth.example/oauth2/revoke")))
                .withTokenEndpointAuthMethodsSupported(List.of("none", "client_secret_basic"))
                .withClientIdMetadataDocumentSupported(true)
                .withAuthorizationResponseIssParameterSupported(true)
                .withScopesSupported(List.of("openid", "offline_access"));

        assertThat(patched.revocationEndpoint()).contains(URI.create("https://auth.example/oauth2/revoke"));
        assertThat(patched.supportsAuthMethod(ClientAuthMethod.NONE)).isTrue();
        assertThat(patched.supportsAuthMethod(ClientAuthMethod.PRIVATE_KEY_JWT)).isFalse();
        assertThat(patched.clientIdMetadataDocumentSupported()).isTrue();
        assertThat(patched.registrationEndpoint()).isEmpty();
        assertThat(patched.withRevocationEndpoint(Optional.empty()).withScopesSupported(List.of())
                .withTokenEndpointAuthMethodsSupported(List.of()).withClientIdMetadataDocumentSupported(false)
                .withAuthorizationResponseIssParameterSupported(false)).isEqualTo(cognito);
    }

    @Test
    void listsAreDefensivelyCopied() {
        List<String> methods = new ArrayList<>(List.of("S256"));
        AuthorizationServerMetadata metadata = cognito.withCodeChallengeMethodsSupported(methods);
        methods.clear();

        assertThat(metadata.supportsS256()).isTrue();
        assertThatThrownBy(() -> metadata.scopesSupported().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void metadataValidation() {
        assertThatThrownBy(() -> cognito.withIssuer("not a uri")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cognito.withTokenEndpoint(URI.create("token"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cognito.withRegistrationEndpoint(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void protectedResourceMetadataRoundTripsAndValidates() {
        ProtectedResourceMetadata prm = ProtectedResourceMetadata.of("https://mcp.example/mcp", "https://as.example");
        ProtectedResourceMetadata patched = prm.withScopesSupported(List.of("read")).withResourceName("Example");

        assertThat(patched.scopesSupported()).containsExactly("read");
        assertThat(patched.resourceName()).contains("Example");
        assertThat(patched.withScopesSupported(List.of())).isNotEqualTo(prm);
        assertThat(prm.withResource("https://other.example/mcp")
                .withRelaxation(new Relaxation(RelaxationKind.ACCEPT_RESOURCE_MISMATCH, "publisher misconfigured PRM"))
                .relaxations()).hasSize(1);
        assertThatThrownBy(() -> prm.withAuthorizationServers(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void relaxationsNeedAShortOneLineReason() {
        assertThatThrownBy(() -> new Relaxation(RelaxationKind.OTHER, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Relaxation(RelaxationKind.OTHER, "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Relaxation(RelaxationKind.OTHER, "x".repeat(301)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
