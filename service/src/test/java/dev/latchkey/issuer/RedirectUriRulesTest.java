package dev.latchkey.issuer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectUriRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example/cb", "https://app.example:8443/cb?x=1", "http://127.0.0.1:33418/cb",
            "http://localhost/cb", "http://[::1]:9000/cb"})
    void allows(String uri) {
        assertThat(RedirectUriRules.refusal(uri)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example/cb", "http://127.0.0.2/cb", "https://app.example/cb#x", "/cb",
            "https://user:pw@app.example/cb", "myapp://cb", "javascript:alert(1)", "not a uri", "",
            "http://localhost.evil.example/cb"})
    void refuses(String uri) {
        assertThat(RedirectUriRules.refusal(uri)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {2001})
    void refusesLongOnes(int length) {
        assertThat(RedirectUriRules.refusal("https://a.example/" + "x".repeat(length))).isPresent();
    }
}
