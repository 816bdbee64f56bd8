package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.latchkey.protocol.Failure;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.ClientAuthMethod;
import dev.latchkey.spi.RevocationRequest;
import dev.latchkey.spi.TokenRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One rendering of client authentication for the token, refresh and revocation requests. */
class ClientCredentialsTest {

    private static final URI TOKEN = URI.create("https://as.example.com/token");
    private static final URI REVOKE = URI.create("https://as.example.com/revoke");

    @Test
    void basicSendsTheSecretInTheAuthorizationHeaderOnly() {
        for (HTTPRequest http : both(client("client_secret_basic", "s3cret"), ClientAuthMethod.CLIENT_SECRET_BASIC)) {
            assertThat(http.getAuthorization()).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("app:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertThat(body(http)).doesNotContainKeys("client_id", "client_secret");
        }
    }

    @Test
    void postSendsIdAndSecretInTheBody() {
        for (HTTPRequest http : both(client("client_secret_post", "s3cret"), ClientAuthMethod.CLIENT_SECRET_POST)) {
            assertThat(http.getAuthorization()).isNull();
            assertThat(body(http)).containsEntry("client_id", List.of("app"))
                    .containsEntry("client_secret", List.of("s3cret"));
        }
    }

    @Test
    void aPublicClientSendsItsIdAloneEvenWhenASecretIsKnown() {
        for (HTTPRequest http : both(client("none", "s3cret"), ClientAuthMethod.NONE)) {
            assertThat(http.getAuthorization()).isNull();
            assertThat(body(http)).containsEntry("client_id", List.of("app")).doesNotContainKey("client_secret");
        }
    }

    @Test
    void whatCannotBeRenderedIsRefusedInEachCallersOwnWords() {
        RegisteredClient noSecret = client("client_secret_basic", null);
        assertThat(ClientCredentials.of(ClientAuthMethod.CLIENT_SECRET_BASIC, noSecret)).isEmpty();
        assertThat(ClientCredentials.of(ClientAuthMethod.PRIVATE_KEY_JWT, client("private_key_jwt", null))).isEmpty();

        assertThatThrownBy(() -> TokenMessages.render(tokenRequest(noSecret), noSecret, refreshGrant()))
                .isInstanceOfSatisfying(Failure.class, e -> {
                    assertThat(e.kind()).isEqualTo(Failure.Kind.REJECTED);
                    assertThat(e.code()).isEqualTo("unsupported_client_auth");
                    assertThat(e.description()).isEqualTo(
                            "Latchkey cannot authenticate with client_secret_basic for this client.");
                });
        assertThatThrownBy(() -> RevocationMessages.render(revocation(ClientAuthMethod.PRIVATE_KEY_JWT), noSecret,
                new RefreshToken("rt")))
                .isInstanceOfSatisfying(Failure.class, e -> {
                    assertThat(e.kind()).isEqualTo(Failure.Kind.UPSTREAM);
                    assertThat(e.code()).isEqualTo("plugin_failed");
                    assertThat(e.description()).isEqualTo("cannot authenticate the revocation with private_key_jwt");
                });
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(ClientCredentials.of(ClientAuthMethod.CLIENT_SECRET_POST, client("client_secret_post", "s3cret"))
                .orElseThrow().toString()).doesNotContain("s3cret");
    }

    private static List<HTTPRequest> both(RegisteredClient client, ClientAuthMethod method) {
        return List.of(TokenMessages.render(tokenRequest(client), client, refreshGrant()),
                RevocationMessages.render(revocation(method), client, new RefreshToken("rt")));
    }

    private static TokenRequest tokenRequest(RegisteredClient client) {
        return TokenMessages.proposal(TokenRequest.GrantType.REFRESH_TOKEN, TOKEN, client,
                Optional.of("https://mcp.example.com/mcp"));
    }

    private static RevocationRequest revocation(ClientAuthMethod method) {
        return RevocationRequest.of(REVOKE, RevocationRequest.TokenTypeHint.REFRESH_TOKEN, method);
    }

    private static RefreshTokenGrant refreshGrant() {
        return new RefreshTokenGrant(new RefreshToken("rt"));
    }

    private static Map<String, List<String>> body(HTTPRequest http) {
        return URLUtils.parseParameters(http.getBody());
    }

    private static RegisteredClient client(String authMethod, String secret) {
        return new RegisteredClient("cli_1", "https://as.example.com", URI.create("https://latchkey.example/cb"),
                RegisteredClient.Method.PRE_REGISTERED, "app", Optional.ofNullable(secret), authMethod,
                Optional.empty(), Instant.EPOCH);
    }
}
