package dev.latchkey.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackParametersTest {

    @Test
    void theFirstValueOfARepeatedParameterCountsAndAnEmptyOneIsAbsent() {
        CallbackParameters params = CallbackParameters.from(Map.of("state", List.of("s1", "s2"),
                "code", List.of(""), "error", List.of(), "iss", List.of("https://as.example", "https://evil.example"),
                "error_description", List.of("denied")));

        assertThat(params.state()).contains("s1");
        assertThat(params.code()).isEmpty();
        assertThat(params.error()).isEmpty();
        assertThat(params.iss()).contains("https://as.example");
        assertThat(params.errorDescription()).contains("denied");
        assertThat(params.issuerKey()).isEmpty();
        assertThat(params.at("abcdefghijklmnopqrst").issuerKey()).isEqualTo(Optional.of("abcdefghijklmnopqrst"));
        assertThat(CallbackParameters.from(Map.of())).isEqualTo(CallbackParameters.of(null, null, null, null, null));
    }

    @Test
    void neverShowsStateOrCode() {
        assertThat(CallbackParameters.from(Map.of("state", List.of("st4te"), "code", List.of("c0de"))).toString())
                .doesNotContain("st4te", "c0de");
    }
}
