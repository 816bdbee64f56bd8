package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {

    private static final URI AUTHORIZE = URI.create("https://as.example/authorize");
    private final AuthorizationRequest base =
            AuthorizationRequest.of(AUTHORIZE, List.of("read", "write"), "https://mcp.example/mcp");

    @Test
    void defaultsToSpaceSeparatedScopesAndTheCanonicalResource() {
        assertThat(base.scopeValue()).contains("read write");
        assertThat(base.resource()).contains("https://mcp.example/mcp");
        assertThat(base.relaxations()).isEmpty();
        assertThat(base.withScopes(List.of()).scopeValue()).isEmpty();
    }

    @Test
    void scopeSeparatorChangesTheRenderedValue() {
        assertThat(base.withScopeSeparator(",").scopeValue()).contains("read,write");
        assertThat(base.withScopeSeparator("+").scopeValue()).contains("read+write");
    }

    @Test
    void entraRewritesScopesToDefaultAndOmitsResourceAsAnAuditedRelaxation() {
        AuthorizationRequest entra = base
                .mapScopes(s -> "api://latchkey-demo/.default")
                .withoutResource("Entra v2 rejects resource (AADSTS9010010)");

        assertThat(entra.scopes()).containsExactly("api://latchkey-demo/.default");
        assertThat(entra.resource()).isEmpty();
        assertThat(entra.relaxations()).extracting(Relaxation::kind).containsExactly(RelaxationKind.OMIT_RESOURCE);
        assertThat(entra.withoutResource("again").relaxations()).hasSize(1);
    }

    @Test
    void anEmptyResourceWithoutADeclaredRelaxationIsRefused() {
        assertThatThrownBy(() -> new AuthorizationRequest(AUTHORIZE, List.of(), " ", Optional.empty(),
                Parameters.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OMIT_RESOURCE");
    }

    @Test
    void overridingTheResourceDeclaresIt() {
        AuthorizationRequest asana = base.withResource("https://mcp.asana.com/v2", "Asana needs its v2 resource");

        assertThat(asana.resource()).contains("https://mcp.asana.com/v2");
        assertThat(asana.relaxations()).extracting(Relaxation::kind).containsExactly(RelaxationKind.OVERRIDE_RESOURCE);
    }

    @Test
    void googleMergesConsentIntoPromptAndAddsOfflineAccess() {
        AuthorizationRequest google = base.withParameter("prompt", "select_account")
                .withParameter("access_type", "offline")
                .mergeParameter("prompt", "consent");

        assertThat(google.extraParameters().first("prompt")).contains("select_account consent");
        assertThat(google.extraParameters().first("access_type")).contains("offline");
        assertThat(base.extraParameters().isEmpty()).isTrue();
    }

    @Test
    void parametersOwnedByTheEngineCannotBeSet() {
        for (String reserved : List.of("state", "code_challenge", "redirect_uri", "client_id", "scope", "resource")) {
            assertThatThrownBy(() -> base.withParameter(reserved, "x"))
                    .as(reserved).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reserved);
        }
    }

    @Test
    void validatesScopesSeparatorAndEndpoint() {
        assertThatThrownBy(() -> base.withScopes(List.of("two words"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withScopeSeparator("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withEndpoint(URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withExtraParameters(Parameters.headers()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withRoundTripsAreValueEqual() {
        AuthorizationRequest changed = base.withScopeSeparator(",").withScopeSeparator(" ");

        assertThat(changed).isEqualTo(base).isNotSameAs(base);
        assertThat(base.withEndpoint(URI.create("https://as.example/oauth/authorize/user")).endpoint())
                .hasPath("/oauth/authorize/user");
    }
}
