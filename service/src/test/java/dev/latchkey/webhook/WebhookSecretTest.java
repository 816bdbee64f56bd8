package dev.latchkey.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSecretTest {

    @Test
    void signsTheStandardWebhooksReferenceVector() {
        // The example of the Standard Webhooks reference libraries.
        String signature = WebhookSecret.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAreWhsecAnd32RandomBytes() {
        String a = WebhookSecret.generate();
        String b = WebhookSecret.generate();

        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    }

    @Test
    void everyLiveSecretSignsSpaceSeparated() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String current = WebhookSecret.generate();
        String previous = WebhookSecret.generate();

        String header = WebhookSecret.header(List.of(current, previous), "evt_1", 1700000000L, body);

        assertThat(header.split(" ")).containsExactly(WebhookSecret.sign(current, "evt_1", 1700000000L, body),
                WebhookSecret.sign(previous, "evt_1", 1700000000L, body));
    }
}
