package dev.latchkey.signin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContinuePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signin/end", "/oauth/authorize?client_id=abc&redirect_uri=http%3A%2F%2Fx%2Fcb",
            "/console?x=/y//z", "/a%2F%2Fb"})
    void aPathOnThisOriginIsKept(String path) {
        assertThat(ContinuePath.parse(path)).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "signin", "//evil.example/", "//evil.example", "/\\evil.example", "/a\\b",
            "https://evil.example/", "javascript:alert(1)", "http:/x", "/a b", "/a\tb", "/a\nb", "/a\u0000",
            "/a\u007f", " /a", "/a#fragment", "/%zz"})
    void anythingElseIsRefused(String value) {
        assertThat(ContinuePath.parse(value)).isEmpty();
        assertThatThrownBy(() -> new ContinuePath(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void nullAndOverlongAreRefused() {
        assertThat(ContinuePath.parse(null)).isEmpty();
        assertThat(ContinuePath.parse("/" + "a".repeat(ContinuePath.MAX_LENGTH))).isEmpty();
        assertThat(ContinuePath.parse("/" + "a".repeat(ContinuePath.MAX_LENGTH - 1))).isPresent();
    }
}
