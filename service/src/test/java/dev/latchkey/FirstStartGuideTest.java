package dev.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class FirstStartGuideTest {

    private final FirstStartGuide guide = new FirstStartGuide(URI.create("https://latchkey.example/"), () -> false,
            () -> false);

    @Test
    void saysWhatIsMissingAndWhereTheApiAndConsoleAre() {
        assertThat(guide.guide(false, false)).contains("API: https://latchkey.example/v1")
                .contains("Console: https://latchkey.example/console")
                .contains("api-keys create --tenant acme config.yml").contains("operators add admin config.yml");
        assertThat(guide.guide(true, false)).doesNotContain("api-keys create").contains("operators add");
        assertThat(guide.guide(false, true)).contains("api-keys create").doesNotContain("operators add");
    }

    @Test
    void isSilentOnceAnAssistantAndAnOperatorCanUseIt() {
        assertThat(guide.guide(true, true)).isEmpty();
    }
}
