package dev.latchkey.flow;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.latchkey.flow.store.Flow;
import dev.latchkey.flow.store.NewFlow;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationRedirectTest {

    private static final String BASE = "https://as.example/authorize?response_type=code&client_id=cli_1"
            + "&redirect_uri=https%3A%2F%2Flatchkey.example%2Foauth%2Fcallback&scope=mcp%3Atools";

    private final StateCodec states = new StateCodec(KeyringSource.fixed(Keyring.generate(Clock.systemUTC())));
    private final AuthorizationRedirect redirects = new AuthorizationRedirect(states);

    @Test
    void addsASealedStateAndTheS256ChallengeOfTheVerifierItCarries() {
        Flow flow = flow(BASE, true);
        String url = redirects.urlFor(flow);

        assertThat(url).startsWith(BASE + "&state=");
        Map<String, String> query = query(url);
        StateClaims claims = states.open(query.get("state")).orElseThrow();
        assertThat(claims.flowId()).isEqualTo(flow.id());
        assertThat(claims.issuer()).isEqualTo("https://as.example");
        assertThat(claims.issRequired()).isTrue();
        assertThat(claims.clientRef()).isEqualTo("cli_1");
        assertThat(claims.expiresAt()).isEqualTo(flow.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        assertThat(query).containsEntry("code_challenge_method", "S256").containsEntry("code_challenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(claims.codeVerifier())).getValue());
        assertThat(url).doesNotContain(claims.codeVerifier());
    }

    @Test
    void eachOpeningGetsItsOwnVerifier() {
        Flow flow = flow(BASE, false);
        StateClaims first = states.open(query(redirects.urlFor(flow)).get("state")).orElseThrow();
        StateClaims second = states.open(query(redirects.urlFor(flow)).get("state")).orElseThrow();

        assertThat(first.codeVerifier()).isNotEqualTo(second.codeVerifier());
        assertThat(first.flowId()).isEqualTo(second.flowId());
        assertThat(second.issRequired()).isFalse();
    }

    @Test
    void startsTheQueryWhenTheBaseHasNone() {
        assertThat(redirects.urlFor(flow("https://as.example/authorize", false)))
                .startsWith("https://as.example/authorize?state=");
    }

    private static Flow flow(String baseUrl, boolean issRequired) {
        NewFlow row = new NewFlow("flw_1", "acme", "kim", "srv", "srv", "https://mcp.example/mcp",
                "https://mcp.example/mcp", "https://mcp.example/mcp", "https://as.example", "cli_1", "mcp:tools", null,
                "link", baseUrl,
                issRequired, null, Instant.now().toEpochMilli(), Instant.now().plusSeconds(600).toEpochMilli());
        return Flow.pending(row);
    }

    private static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
