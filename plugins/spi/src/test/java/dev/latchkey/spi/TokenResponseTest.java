package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenResponseTest {

    @Test
    void githubFormEncodedBodyIsParsedIntoFields() {
        TokenResponse raw = new TokenResponse(200, Optional.of("text/plain"),
                "access_token=gho_abc%2B1&scope=repo%2Cuser&token_type=bearer", Parameters.empty());

        TokenResponse parsed = raw.withFieldsFromFormBody();

        assertThat(parsed.accessToken()).contains("gho_abc+1");
        assertThat(parsed.scope()).contains("repo,user");
        assertThat(parsed.tokenType()).contains("bearer");
        assertThat(raw.fields().isEmpty()).isTrue();
    }

    @Test
    void http200CarryingAnErrorIsAFailure() {
        TokenResponse github = TokenResponse.ofFields(200,
                Parameters.of("error", "bad_verification_code", "error_description", "The code is incorrect"));

        assertThat(github.isError()).isTrue();
        assertThat(github.error()).contains("bad_verification_code");
        assertThat(TokenResponse.ofFields(200, Parameters.of("access_token", "t")).isError()).isFalse();
        assertThat(TokenResponse.ofFields(400, Parameters.empty()).isError()).isTrue();
        assertThat(TokenResponse.ofFields(200, Parameters.of("error", "")).isError()).isFalse();
    }

    @Test
    void slackUserTokenIsLiftedFromAuthedUser() {
        TokenResponse slack = TokenResponse.ofFields(200, Parameters.of(
                "ok", "true",
                "access_token", "xoxb-bot",
                "authed_user.id", "U1",
                "authed_user.access_token", "xoxp-user",
                "authed_user.scope", "search:read,chat:write",
                "authed_user.token_type", "user"));

        TokenResponse lifted = slack.withFieldsLiftedFrom("authed_user").withField("token_type", "Bearer");

        assertThat(lifted.accessToken()).contains("xoxp-user");
        assertThat(lifted.scope()).contains("search:read,chat:write");
        assertThat(lifted.field("id")).contains("U1");
        assertThat(lifted.tokenType()).contains("Bearer");
        assertThat(lifted.expiresIn()).as("Slack sends no expires_in: no expiry is fabricated").isEmpty();
        assertThat(lifted.refreshToken()).isEmpty();
    }

    @Test
    void expiresInAcceptsStringsAndConvertsMilliseconds() {
        TokenResponse asString = TokenResponse.ofFields(200, Parameters.of("expires_in", " 3600 "));
        TokenResponse millis = TokenResponse.ofFields(200, Parameters.of("expires_in", "900000"));

        assertThat(asString.expiresIn()).contains(Duration.ofHours(1));
        assertThat(millis.withExpiresInConvertedFrom(ChronoUnit.MILLIS).expiresIn()).contains(Duration.ofMinutes(15));
        assertThat(millis.withExpiresInConvertedFrom(ChronoUnit.MILLIS).field("expires_in")).contains("900");
        assertThat(TokenResponse.ofFields(200, Parameters.of("expires_in", "59.9")).expiresIn())
                .contains(Duration.ofSeconds(59));
        assertThat(TokenResponse.ofFields(200, Parameters.empty()).withExpiresInConvertedFrom(ChronoUnit.MILLIS)
                .expiresIn()).isEmpty();
    }

    @Test
    void malformedExpiresInIsReportedNotGuessed() {
        assertThatThrownBy(() -> TokenResponse.ofFields(200, Parameters.of("expires_in", "soon")).expiresIn())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenResponse.ofFields(200, Parameters.of("expires_in", "-1")).expiresIn())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingTokenTypeGetsADefaultButAPresentOneIsKept() {
        assertThat(TokenResponse.ofFields(200, Parameters.of("access_token", "t")).withDefaultTokenType("Bearer")
                .tokenType()).contains("Bearer");
        assertThat(TokenResponse.ofFields(200, Parameters.of("token_type", "bearer")).withDefaultTokenType("Bearer")
                .tokenType()).contains("bearer");
    }

    @Test
    void toStringRevealsNoTokens() {
        TokenResponse response = new TokenResponse(200, Optional.of("application/json"),
                "{\"access_token\":\"secret-token\"}", Parameters.of("access_token", "secret-token"));

        assertThat(response.toString()).doesNotContain("secret-token").contains("access_token");
    }

    @Test
    void validatesStatusAndFieldKind() {
        assertThatThrownBy(() -> TokenResponse.ofFields(42, Parameters.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenResponse.ofFields(200, Parameters.headers()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
