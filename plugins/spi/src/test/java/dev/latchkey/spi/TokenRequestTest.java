package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRequestTest {

    private static final URI TOKEN = URI.create("https://as.example/token");
    private final TokenRequest base = TokenRequest.of(TokenRequest.GrantType.AUTHORIZATION_CODE, TOKEN,
            ClientAuthMethod.CLIENT_SECRET_BASIC, "https://mcp.example/mcp");

    @Test
    void githubAcceptHeaderIsSetCaseInsensitively() {
        TokenRequest github = base.withHeader("accept", "*/*").withHeader("Accept", "application/json");

        assertThat(github.headers().all("ACCEPT")).containsExactly("application/json");
        assertThat(base.headers().isEmpty()).isTrue();
    }

    @Test
    void clientAuthMethodBodyFormatAndEndpointCanBeOverridden() {
        TokenRequest changed = base.withClientAuthMethod(ClientAuthMethod.CLIENT_SECRET_POST)
                .withBodyFormat(TokenRequest.BodyFormat.JSON)
                .withEndpoint(URI.create("https://as.example/refresh"));

        assertThat(changed.clientAuthMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(changed.bodyFormat()).isEqualTo(TokenRequest.BodyFormat.JSON);
        assertThat(changed.endpoint()).isEqualTo(URI.create("https://as.example/refresh"));
        assertThat(changed.grantType()).isEqualTo(TokenRequest.GrantType.AUTHORIZATION_CODE);
    }

    @Test
    void omittingResourceIsDeclaredAndUndeclaredOmissionRefused() {
        TokenRequest entra = base.withoutResource("Entra v2 rejects resource");

        assertThat(entra.resource()).isEmpty();
        assertThat(entra.relaxations()).extracting(Relaxation::kind).containsExactly(RelaxationKind.OMIT_RESOURCE);
        assertThatThrownBy(() -> new TokenRequest(TokenRequest.GrantType.REFRESH_TOKEN, TOKEN, ClientAuthMethod.NONE,
                Optional.empty(), TokenRequest.BodyFormat.FORM, Parameters.headers(), Parameters.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void engineOwnedHeadersAndParametersAreRefused() {
        assertThatThrownBy(() -> base.withHeader("authorization", "Basic x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withHeader("Content-Type", "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withParameter("code_verifier", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withParameter("resource", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withHeaders(Parameters.of("Accept", "application/json")))
                .hasMessageContaining("header list");
        assertThat(base.withParameter("audience", "api").extraParameters().first("audience")).contains("api");
    }

    @Test
    void relaxationsAreCopiedAndImmutable() {
        TokenRequest relaxed = base.withRelaxation(new Relaxation(RelaxationKind.OTHER, "test"));

        assertThat(base.relaxations()).isEmpty();
        assertThatThrownBy(() -> relaxed.relaxations().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void revocationRequestFollowsTheSameRules() {
        RevocationRequest revoke = RevocationRequest.of(URI.create("https://as.example/revoke"),
                RevocationRequest.TokenTypeHint.REFRESH_TOKEN, ClientAuthMethod.CLIENT_SECRET_BASIC)
                .withHeader("Accept", "application/json")
                .withParameter("client_name", "latchkey");

        assertThat(revoke.headers().first("accept")).contains("application/json");
        assertThat(revoke.tokenTypeHint().wireName()).isEqualTo("refresh_token");
        assertThatThrownBy(() -> revoke.withParameter("token", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> revoke.withHeader("Authorization", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
