package dev.latchkey.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EgressGuardTest {

    private final EgressGuard production = new EgressGuard(false);
    private final EgressGuard development = new EgressGuard(true);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "255.255.255.255",
            "224.0.0.1", "239.255.255.250", "198.18.0.1", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
            "febf::1", "ff02::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "::127.0.0.1", "::10.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:c0a8:101::1"})
    void refusesNonPublicAddressesInProduction(String literal) {
        assertThat(production.refusal(address(literal))).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "100.63.255.255", "169.253.255.255", "192.169.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "fbff::1", "fe7f::1"})
    void allowsPublicAddressesInProduction(String literal) {
        assertThat(production.refusal(address(literal))).as(literal).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.0.1", "192.168.0.10", "fd12::1", "::ffff:127.0.0.1"})
    void developmentAllowsLoopbackAndPrivateNetworks(String literal) {
        assertThat(development.refusal(address(literal))).as(literal).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"})
    void cloudMetadataIsRefusedEvenInDevelopment(String literal) {
        assertThat(development.refusal(address(literal))).as(literal).hasValueSatisfying(
                reason -> assertThat(reason).contains("cloud metadata"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:0001"})
    void ipv4MappedFormsAreUnwrapped(String literal) throws UnknownHostException {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xff;
        raw[11] = (byte) 0xff;
        raw[12] = 127;
        raw[15] = 1;
        // Built from raw bytes as well as parsed, since the JDK turns a parsed mapped address into IPv4.
        assertThat(production.refusal(InetAddress.getByAddress(raw))).isPresent();
        assertThat(production.refusal(address(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "ftp://example.com/", "file:///etc/passwd", "gopher://x/"})
    void productionRequiresHttps(String url) {
        assertThat(production.schemeRefusal(URI.create(url))).isPresent();
        assertThat(production.schemeRefusal(URI.create("https://example.com/"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "https://127.0.0.1/"})
    void developmentAllowsPlainHttp(String url) {
        assertThat(development.schemeRefusal(URI.create(url))).isEmpty();
        assertThat(development.schemeRefusal(URI.create("ftp://127.0.0.1/"))).isPresent();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
