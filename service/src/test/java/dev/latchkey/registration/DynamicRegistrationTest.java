package dev.latchkey.registration;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DynamicRegistrationTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "none client_secret_post client_secret_basic; client_secret_basic",
            "none client_secret_post; client_secret_post",
            "none; none",
            "private_key_jwt none; none",
            "; client_secret_basic",
            "private_key_jwt; client_secret_basic"})
    void choosesTheBestOfferedAuthMethod(String offered, String expected) {
        List<String> methods = offered == null ? List.of() : Arrays.asList(offered.trim().split(" "));
        assertThat(DynamicRegistration.chooseAuthMethod(methods)).isEqualTo(expected);
    }
}
