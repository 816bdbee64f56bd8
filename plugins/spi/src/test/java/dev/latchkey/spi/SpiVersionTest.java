package dev.latchkey.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void parsesAndPrints() {
        assertThat(SpiVersion.parse("1.0")).isEqualTo(new SpiVersion(1, 0));
        assertThat(new SpiVersion(2, 13)).hasToString("2.13");
        assertThat(SpiVersion.CURRENT).hasToString(ProviderPluginFactory.SPI_VERSION);
        for (String bad : new String[] {"1", "1.0.0", "v1.0", "1.-1", ""}) {
            assertThatThrownBy(() -> SpiVersion.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void engineLoadsSameMajorUpToItsOwnMinor() {
        SpiVersion engine = new SpiVersion(1, 2);

        assertThat(engine.canLoad(new SpiVersion(1, 0))).isTrue();
        assertThat(engine.canLoad(new SpiVersion(1, 2))).isTrue();
        assertThat(engine.canLoad(new SpiVersion(1, 3))).as("newer minor may call missing methods").isFalse();
        assertThat(engine.canLoad(new SpiVersion(2, 0))).isFalse();
        assertThat(engine.canLoad(new SpiVersion(0, 9))).isFalse();
    }

    @Test
    void spiVersionIsACompileTimeConstantSoPluginsRecordTheirBuildVersion() throws Exception {
        var field = ProviderPluginFactory.class.getField("SPI_VERSION");

        assertThat(field.getType()).isEqualTo(String.class);
        assertThat(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())).isTrue();
        assertThat(ProviderPluginFactory.class.getMethod("spiVersion").isDefault())
                .as("a default would report the engine's version").isFalse();
    }
}
