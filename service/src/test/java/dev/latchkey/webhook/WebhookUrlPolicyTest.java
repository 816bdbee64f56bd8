package dev.latchkey.webhook;

import dev.latchkey.protocol.Failure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy production = new WebhookUrlPolicy(false);
    private final WebhookUrlPolicy development = new WebhookUrlPolicy(true);

    @Test
    void productionTakesOnlyHttps() {
        assertThat(production.check("https://hooks.example.com/latchkey").toString())
                .isEqualTo("https://hooks.example.com/latchkey");
        assertRefused(production, "http://hooks.example.com/latchkey", "https");
    }

    @Test
    void developmentAlsoTakesPlainHttp() {
        assertThat(development.check("http://127.0.0.1:9000/hook").getPort()).isEqualTo(9000);
        assertRefused(development, "ftp://hooks.example.com/", "http or https");
    }

    @Test
    void refusesWhatIsNotAPlainEndpoint() {
        assertRefused(production, null, "required");
        assertRefused(production, "not a url", "valid URI");
        assertRefused(production, "https:///path-only", "host");
        assertRefused(production, "https://user:pw@hooks.example.com/", "credentials");
        assertRefused(production, "https://hooks.example.com/#frag", "fragment");
        assertRefused(production, "https://hooks.example.com/" + "a".repeat(2000), "longer");
    }

    private static void assertRefused(WebhookUrlPolicy policy, String url, String detail) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOfSatisfying(Failure.class, e -> {
            // REQUEST is answered 400 (FailureMapperTest).
            assertThat(e.kind()).isEqualTo(Failure.Kind.REQUEST);
            assertThat(e.code()).isEqualTo("invalid_webhook_url");
            assertThat(e.description()).contains(detail);
        });
    }
}
