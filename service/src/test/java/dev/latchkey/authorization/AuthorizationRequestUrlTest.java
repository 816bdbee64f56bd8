package dev.latchkey.authorization;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.protocol.Failure;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizationRequestUrlTest {

    private static final String ISSUER = "https://as.example.com";
    private static final URI CALLBACK = URI.create("https://latchkey.example/oauth/callback");
    private static final String RESOURCE = "https://mcp.example.com/mcp";
    private static final AuthorizationRequestUrl.Parts PARTS = new AuthorizationRequestUrl.Parts(
            URI.create(ISSUER + "/authorize"), "cli_1", CALLBACK, List.of("channels:read", "chat:write"), RESOURCE);

    @Test
    void roundTripsThroughNimbusWithEveryPart() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        String prepared = AuthorizationRequestUrl.prepare(PARTS, r -> r.withParameter("access_type", "offline")
                .withParameter("login_hint", "kim@example.com")).url();
        String url = AuthorizationRequestUrl.complete(prepared, new State("st.ate-1"), verifier);

        AuthorizationRequest parsed = AuthorizationRequest.parse(URI.create(url));
        assertThat(parsed.getEndpointURI()).isEqualTo(URI.create(ISSUER + "/authorize"));
        assertThat(parsed.getResponseType()).isEqualTo(ResponseType.CODE);
        assertThat(parsed.getClientID().getValue()).isEqualTo("cli_1");
        assertThat(parsed.getRedirectionURI()).isEqualTo(CALLBACK);
        assertThat(parsed.getScope()).isEqualTo(new Scope("channels:read", "chat:write"));
        assertThat(parsed.getResources()).containsExactly(URI.create(RESOURCE));
        assertThat(parsed.getState()).isEqualTo(new State("st.ate-1"));
        assertThat(parsed.getCodeChallengeMethod()).isEqualTo(CodeChallengeMethod.S256);
        assertThat(parsed.getCodeChallenge()).isEqualTo(CodeChallenge.compute(CodeChallengeMethod.S256, verifier));
        assertThat(parsed.getCustomParameter("access_type")).containsExactly("offline");
        assertThat(parsed.getCustomParameter("login_hint")).containsExactly("kim@example.com");
        assertThat(url).doesNotContain(verifier.getValue());
    }

    @Test
    void followsTheSpiRenderingRulesInAFixedOrder() {
        UnaryOperator<dev.latchkey.spi.AuthorizationRequest> slack = r -> r.withScopeSeparator(",")
                .withParameter("prompt", "select_account consent");
        assertThat(AuthorizationRequestUrl.prepare(PARTS, slack).url()).isEqualTo(ISSUER + "/authorize"
                + "?response_type=code&client_id=cli_1&redirect_uri=https%3A%2F%2Flatchkey.example%2Foauth%2Fcallback"
                + "&scope=channels%3Aread,chat%3Awrite&resource=https%3A%2F%2Fmcp.example.com%2Fmcp"
                + "&prompt=select_account%20consent");
        assertThat(AuthorizationRequestUrl.prepare(PARTS, r -> slack.apply(r).withScopeSeparator(" ")).url())
                .contains("&scope=channels%3Aread%20chat%3Awrite&");
        assertThat(AuthorizationRequestUrl.prepare(PARTS, r -> slack.apply(r).withScopeSeparator("+")).url())
                .contains("&scope=channels%3Aread+chat%3Awrite&");
        AuthorizationRequestUrl.Prepared bare = AuthorizationRequestUrl.prepare(PARTS,
                r -> slack.apply(r).withScopes(List.of()).withoutResource("test"));
        assertThat(bare.url()).isEqualTo(ISSUER + "/authorize?response_type=code&client_id=cli_1"
                + "&redirect_uri=https%3A%2F%2Flatchkey.example%2Foauth%2Fcallback&prompt=select_account%20consent");
        assertThat(bare.scopes()).isEmpty();
    }

    @Test
    void keepsTheEndpointsOwnQueryFirstAndLetsTheMessageWin() {
        String url = AuthorizationRequestUrl.prepare(PARTS,
                r -> r.withEndpoint(URI.create(ISSUER + "/authorize?tenant=a%20b&client_id=other"))).url();
        assertThat(url).startsWith(ISSUER + "/authorize?tenant=a%20b&response_type=code&client_id=cli_1&");
        assertThat(url).doesNotContain("other");
    }

    @Test
    void aResourceNimbusWouldRejectFailsThePluginNotTheServer() {
        assertThatThrownBy(() -> AuthorizationRequestUrl.prepare(PARTS,
                r -> r.withResource(RESOURCE + "#part", "test")))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.code()).isEqualTo("plugin_failed"));
    }

    @Test
    void completesWithStateAndTheS256ChallengeAfterWhatWasPrepared() {
        CodeVerifier verifier = new CodeVerifier();
        String prepared = AuthorizationRequestUrl.prepare(PARTS, UnaryOperator.identity()).url();
        assertThat(AuthorizationRequestUrl.complete(prepared, new State("s1"), verifier)).isEqualTo(prepared
                + "&state=s1&code_challenge=" + CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()
                + "&code_challenge_method=S256");
        assertThat(AuthorizationRequestUrl.complete(ISSUER + "/authorize", new State("s1"), verifier))
                .startsWith(ISSUER + "/authorize?state=s1&code_challenge=");
    }
}
