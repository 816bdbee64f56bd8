package dev.latchkey.token;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.protocol.RegisteredClient;
import dev.latchkey.spi.TokenRequest;
import dev.latchkey.spi.TokenResponse;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Token messages as plugins see them: rendering on top of Nimbus, raw responses turned into fields. */
class TokenMessagesTest {

    private static final RegisteredClient CLIENT = new RegisteredClient("cli_1", "https://as.example.com",
            URI.create("https://latchkey.example/oauth/callback"), RegisteredClient.Method.PRE_REGISTERED, "app",
            Optional.of("app-secret"), "client_secret_post", Optional.empty(), Instant.EPOCH);

    @Test
    void pluginHeadersParametersAndJsonBodyAreAppliedOnTopOfTheGrant() {
        TokenRequest request = TokenMessages.proposal(TokenRequest.GrantType.AUTHORIZATION_CODE,
                URI.create("https://as.example.com/token"), CLIENT, Optional.of("https://mcp.example.com/mcp"))
                .withHeader("Accept", "application/vnd.acme+json").withParameter("audience", "acme")
                .withBodyFormat(TokenRequest.BodyFormat.JSON).withoutResource("acme rejects it");
        HTTPRequest http = TokenMessages.render(request, CLIENT, new AuthorizationCodeGrant(new AuthorizationCode("c0de"),
                CLIENT.redirectUri(), new CodeVerifier("v".repeat(43))));

        assertThat(http.getHeaderValue("Content-Type")).startsWith("application/json");
        assertThat(http.getHeaderValue("Accept")).isEqualTo("application/vnd.acme+json");
        assertThat(http.getBody()).contains("\"grant_type\":\"authorization_code\"").contains("\"audience\":\"acme\"")
                .contains("\"client_secret\":\"app-secret\"").doesNotContain("resource");
    }

    @Test
    void jsonIsFlattenedFormIsParsedAndOtherBodiesGiveNoFields() {
        HTTPResponse json = new HTTPResponse(200);
        json.setHeader("Content-Type", "application/json; charset=utf-8");
        json.setBody("{\"ok\":true,\"authed_user\":{\"access_token\":\"xoxp\",\"n\":1.50},\"scopes\":[\"a\",\"b\"],"
                + "\"items\":[{\"id\":7}],\"gone\":null}");
        TokenResponse parsed = TokenMessages.read(json);
        assertThat(parsed.fields().names()).containsExactly("ok", "authed_user.access_token", "authed_user.n", "scopes",
                "items.0.id");
        assertThat(parsed.field("scopes")).contains("a b");
        assertThat(parsed.contentType()).contains("application/json");

        HTTPResponse form = new HTTPResponse(200);
        form.setHeader("Content-Type", "application/x-www-form-urlencoded");
        form.setBody("error=bad_verification_code&error_description=The+code+is+wrong");
        assertThat(TokenMessages.read(form).isError()).isTrue();

        HTTPResponse html = new HTTPResponse(200);
        html.setHeader("Content-Type", "text/html");
        html.setBody("<html>access_token=nope</html>");
        assertThat(TokenMessages.read(html).fields().isEmpty()).isTrue();
    }
}
