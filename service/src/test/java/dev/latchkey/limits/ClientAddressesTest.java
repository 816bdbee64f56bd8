package dev.latchkey.limits;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressesTest {

    private final ClientAddresses none = ClientAddresses.trusting(List.of());
    private final ClientAddresses proxied = ClientAddresses.trusting(List.of("10.0.0.0/8", "192.0.2.1"));

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        assertThat(none.key("203.0.113.9", List.of("198.51.100.7"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyTheNearestUntrustedHopCounts() {
        assertThat(proxied.key("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(proxied.key("10.1.2.3", List.of("6.6.6.6, 198.51.100.7", "192.0.2.1")))
                .as("entries left of the client's are its own claims").isEqualTo("198.51.100.7");
        assertThat(proxied.key("10.1.2.3", List.of())).as("no header: the proxy itself").isEqualTo("10.1.2.3");
        assertThat(proxied.key("10.1.2.3", List.of("not-an-address"))).isEqualTo("10.1.2.3");
        assertThat(proxied.key("203.0.113.9", List.of("198.51.100.7"))).as("not from a trusted proxy")
                .isEqualTo("203.0.113.9");
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        assertThat(none.key("2001:db8:1:2:aaaa::1", List.of())).isEqualTo(none.key("2001:db8:1:2:bbbb::9", List.of()))
                .isEqualTo("20010db800010002::/64");
        assertThat(none.key("2001:db8:1:3::1", List.of())).isNotEqualTo(none.key("2001:db8:1:2::1", List.of()));
    }

    @Test
    void onlyLiteralAddressesAreTrusted() {
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedProxies");
        assertThatThrownBy(() -> ClientAddresses.trusting(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
