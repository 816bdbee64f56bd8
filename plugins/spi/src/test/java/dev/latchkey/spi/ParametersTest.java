package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void withAppendsAndKeepsOrderAndDuplicates() {
        Parameters p = Parameters.of("a", "1").with("b", "2").with("a", "3");

        assertThat(p.entries()).extracting(Parameter::name).containsExactly("a", "b", "a");
        assertThat(p.all("a")).containsExactly("1", "3");
        assertThat(p.first("a")).contains("1");
        assertThat(p.names()).containsExactly("a", "b");
    }

    @Test
    void setReplacesFirstOccurrenceInPlaceAndDropsLaterOnes() {
        Parameters p = Parameters.of("a", "1", "b", "2", "a", "3").set("a", "x");

        assertThat(p.entries()).containsExactly(new Parameter("a", "x"), new Parameter("b", "2"));
        assertThat(Parameters.empty().set("c", "1").first("c")).contains("1");
    }

    @Test
    void withoutRemovesEveryOccurrence() {
        Parameters p = Parameters.of("a", "1", "b", "2", "a", "3").without("a");

        assertThat(p.entries()).containsExactly(new Parameter("b", "2"));
        assertThat(p.contains("a")).isFalse();
    }

    @Test
    void googlePromptMergeAddsConsentToAnExistingPrompt() {
        Parameters p = Parameters.of("access_type", "offline", "prompt", "select_account", "login_hint", "x");

        Parameters merged = p.merge("prompt", "consent");

        assertThat(merged.first("prompt")).contains("select_account consent");
        assertThat(merged.names()).containsExactly("access_type", "prompt", "login_hint");
    }

    @Test
    void mergeAddsTheParameterWhenAbsentAndIsIdempotent() {
        Parameters once = Parameters.empty().merge("prompt", "consent");
        Parameters twice = once.merge("prompt", "consent");

        assertThat(once.first("prompt")).contains("consent");
        assertThat(twice).isEqualTo(once);
        assertThat(Parameters.of("prompt", "consent select_account").merge("prompt", "consent").first("prompt"))
                .contains("consent select_account");
    }

    @Test
    void mergeWithCustomSeparatorAndSeveralTokens() {
        Parameters p = Parameters.of("scope", "read,write").merge("scope", "write,admin", ",");

        assertThat(p.first("scope")).contains("read,write,admin");
        assertThat(Parameters.of("prompt", "  ").merge("prompt", "consent").first("prompt")).contains("consent");
    }

    @Test
    void isImmutableAndCopiesItsInput() {
        List<Parameter> source = new ArrayList<>(List.of(new Parameter("a", "1")));
        Parameters p = new Parameters(source, false);
        source.add(new Parameter("b", "2"));
        Parameters changed = p.with("c", "3");

        assertThat(p.size()).isEqualTo(1);
        assertThat(changed.size()).isEqualTo(2);
        assertThatThrownBy(() -> p.entries().add(new Parameter("x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void headerNamesMatchIgnoringCaseButParameterNamesDoNot() {
        Parameters headers = Parameters.headersOf("Accept", "text/html").set("accept", "application/json");

        assertThat(headers.entries()).containsExactly(new Parameter("accept", "application/json"));
        assertThat(headers.first("ACCEPT")).contains("application/json");
        assertThat(Parameters.of("Prompt", "x").contains("prompt")).isFalse();
    }

    @Test
    void headersRefuseInjectionAndNonTokenNames() {
        assertThatThrownBy(() -> Parameters.headers().with("X-Test", "a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF");
        assertThatThrownBy(() -> Parameters.headers().with("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNullsEmptyNamesAndOddArguments() {
        assertThatThrownBy(() -> new Parameter("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Parameter("n", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Parameters.of("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Parameters.empty().merge("a", "b", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNamesButNoValues() {
        assertThat(Parameters.headersOf("X-Api-Key", "s3cr3t").toString())
                .contains("X-Api-Key").doesNotContain("s3cr3t");
    }
}
