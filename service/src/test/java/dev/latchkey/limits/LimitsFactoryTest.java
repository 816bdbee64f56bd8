package dev.latchkey.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsFactoryTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void aSectionThatNamesOneFieldKeepsTheOthersDefaults() throws Exception {
        LimitsFactory limits = YAML.readValue("api: {burst: 10}\nbrowser: {trustedProxies: [10.0.0.0/8]}\n",
                LimitsFactory.class);

        assertThat(limits.getApi().getRatePerSecond()).isEqualTo(50);
        assertThat(limits.getApi().getBurst()).isEqualTo(10);
        assertThat(limits.getBrowser().getRatePerSecond()).isEqualTo(5);
        assertThat(limits.getBrowser().getBurst()).isEqualTo(30);
        assertThat(limits.getBrowser().getTrustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(limits.getFlowStartsPerTenant()).isEqualTo(32);
        assertThat(limits.getWebhookDeliveriesPerTenant()).isEqualTo(4);
    }

    @Test
    void aRateOfZeroIsOff() throws Exception {
        assertThat(YAML.readValue("api: {ratePerSecond: 0}\n", LimitsFactory.class).getApi().isOff()).isTrue();
        assertThat(new LimitsFactory().getApi().isOff()).isFalse();
    }
}
