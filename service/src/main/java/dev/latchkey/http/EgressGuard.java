package dev.latchkey.http;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides, for one resolved address, whether Latchkey may connect to it. Pure: no DNS, no
 * sockets, so every rule can be tested on literal addresses. Cloud metadata endpoints are refused
 * even in development, where loopback and private networks are otherwise allowed.
 */
public final class EgressGuard {

    private static final List<AddressRange> ALWAYS_BLOCKED = List.of(
            AddressRange.of("169.254.169.254/32", "cloud metadata"),
            AddressRange.of("fd00:ec2::254/128", "cloud metadata"));

    private static final List<AddressRange> V4_BLOCKED = List.of(
            AddressRange.of("0.0.0.0/8", "unspecified"),
            AddressRange.of("10.0.0.0/8", "private"),
            AddressRange.of("100.64.0.0/10", "carrier-grade NAT"),
            AddressRange.of("127.0.0.0/8", "loopback"),
            AddressRange.of("169.254.0.0/16", "link-local"),
            AddressRange.of("172.16.0.0/12", "private"),
            AddressRange.of("192.0.0.0/24", "IETF protocol assignments"),
            AddressRange.of("192.168.0.0/16", "private"),
            AddressRange.of("198.18.0.0/15", "benchmarking"),
            AddressRange.of("224.0.0.0/4", "multicast"),
            AddressRange.of("240.0.0.0/4", "reserved or broadcast"));

    private static final List<AddressRange> V6_BLOCKED = List.of(
            AddressRange.of("::/128", "unspecified"),
            AddressRange.of("::1/128", "loopback"),
            AddressRange.of("fc00::/7", "unique local (private)"),
            AddressRange.of("fe80::/10", "link-local"),
            AddressRange.of("fec0::/10", "site-local"),
            AddressRange.of("ff00::/8", "multicast"));

    private final boolean allowPrivateNetworks;

    public EgressGuard(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivateNetworks;
    }

    /** Why the address may not be reached, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        byte[] raw = address.getAddress();
        Optional<String> metadata = match(ALWAYS_BLOCKED, raw);
        if (metadata.isPresent()) {
            return metadata;
        }
        Optional<byte[]> embedded = embeddedIpv4(raw);
        if (embedded.isPresent()) {
            Optional<String> inner = refusalOfRaw(embedded.get());
            return inner.map(reason -> reason + " (embedded in an IPv6 address)");
        }
        return refusalOfRaw(raw);
    }

    /** Plain http is for development only. */
    public Optional<String> schemeRefusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && allowPrivateNetworks) {
            return Optional.empty();
        }
        return Optional.of(scheme.equals("http") ? "plain http is not allowed" : "unsupported scheme");
    }

    private Optional<String> refusalOfRaw(byte[] raw) {
        Optional<String> metadata = match(ALWAYS_BLOCKED, raw);
        if (metadata.isPresent() || allowPrivateNetworks) {
            return metadata;
        }
        return match(raw.length == 4 ? V4_BLOCKED : V6_BLOCKED, raw);
    }

    private static Optional<String> match(List<AddressRange> ranges, byte[] raw) {
        return ranges.stream().filter(range -> range.contains(raw)).findFirst()
                .map(range -> range.label() + " address");
    }

    /** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
    static Optional<byte[]> embeddedIpv4(byte[] raw) {
        if (raw.length != 16) {
            return Optional.empty();
        }
        boolean firstTenZero = Arrays.equals(raw, 0, 10, new byte[10], 0, 10);
        if (firstTenZero && (raw[10] & 0xff) == 0xff && (raw[11] & 0xff) == 0xff) {
            return Optional.of(Arrays.copyOfRange(raw, 12, 16));
        }
        boolean firstTwelveZero = firstTenZero && raw[10] == 0 && raw[11] == 0;
        boolean unspecifiedOrLoopback = firstTwelveZero && raw[12] == 0 && raw[13] == 0 && raw[14] == 0
                && (raw[15] == 0 || raw[15] == 1);
        if (firstTwelveZero && !unspecifiedOrLoopback) {
            return Optional.of(Arrays.copyOfRange(raw, 12, 16));
        }
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
        if (Arrays.equals(raw, 0, 12, nat64, 0, 12)) {
            return Optional.of(Arrays.copyOfRange(raw, 12, 16));
        }
        if ((raw[0] & 0xff) == 0x20 && (raw[1] & 0xff) == 0x02) {
            return Optional.of(Arrays.copyOfRange(raw, 2, 6));
        }
        return Optional.empty();
    }
}
