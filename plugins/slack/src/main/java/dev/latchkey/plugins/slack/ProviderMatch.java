package dev.latchkey.plugins.slack;

import dev.latchkey.spi.ProviderTarget;
import java.util.Arrays;
import java.util.List;

/** Which servers and issuers this plugin serves: hosts (with subdomains) and exact issuers from its config. */
record ProviderMatch(List<String> hosts, List<String> issuers) {

    static ProviderMatch of(String hosts, String issuers) {
        return new ProviderMatch(split(hosts), split(issuers));
    }

    boolean matches(ProviderTarget target) {
        return hosts.stream().anyMatch(target::hostIsWithin)
                || target.issuer().filter(issuers::contains).isPresent();
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
