package dev.latchkey.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import java.util.Map;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.junit.jupiter.api.Test;

class EnvironmentSubstitutionTest {

    private final EnvironmentSubstitution substitution = new EnvironmentSubstitution(path -> null,
            strictOver(Map.of("LATCHKEY_PORT", "9090")));

    private static EnvironmentVariableSubstitutor strictOver(Map<String, String> environment) {
        EnvironmentVariableSubstitutor substitutor = new EnvironmentVariableSubstitutor(true);
        substitutor.setVariableResolver(StringLookupFactory.INSTANCE.mapStringLookup(environment));
        return substitutor;
    }

    @Test
    void setVariablesAndDefaultsAreSubstituted() {
        assertThat(substitution.substitute("port: ${LATCHKEY_PORT}\nhost: ${LATCHKEY_HOST:-127.0.0.1}\n"))
                .isEqualTo("port: 9090\nhost: 127.0.0.1\n");
    }

    @Test
    void anUnsetVariableWithoutDefaultStopsStartUpNamingItAndItsLine() {
        assertThatThrownBy(() -> substitution.substitute("a: 1\nclientId: ${GITHUB_CLIENT_ID}\n"))
                .isInstanceOf(EnvironmentSubstitution.UnsetVariableException.class)
                .hasMessageContaining("line 2").hasMessageContaining("GITHUB_CLIENT_ID")
                .hasMessageContaining("is not set");
    }

    @Test
    void commentLinesKeepTheirExamplesAsWritten() {
        String text = "  #     clientId: ${GITHUB_CLIENT_ID}\nport: ${LATCHKEY_PORT}";
        assertThat(substitution.substitute(text)).isEqualTo("  #     clientId: ${GITHUB_CLIENT_ID}\nport: 9090");
    }

    @Test
    void anEscapedExpressionStaysLiteral() {
        assertThat(substitution.substitute("text: $${NOT_A_VARIABLE}\n")).isEqualTo("text: ${NOT_A_VARIABLE}\n");
    }
}
