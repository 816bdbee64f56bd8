package dev.latchkey.limits;

import dev.latchkey.http.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which client a browser request counts against. The peer address, unless the peer is a trusted
 * proxy: then the nearest {@code X-Forwarded-For} entry that is not itself a trusted proxy (the
 * entries further left are whatever the client chose to send). An IPv6 client counts by its /64,
 * which one host usually has to itself. Only literal addresses are parsed, never a name looked up.
 */
public final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<AddressRange> trusted;

    private ClientAddresses(List<AddressRange> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** {@code proxies}: literal addresses or CIDR blocks; anything else is a configuration error. */
    public static ClientAddresses trusting(List<String> proxies) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String proxy : proxies) {
            ranges.add(trustedRange(proxy.trim()));
        }
        return new ClientAddresses(ranges);
    }

    /** The key to count {@code peer} (the socket's address) by, given the request's X-Forwarded-For values. */
    public String key(String peer, List<String> forwardedFor) {
        Optional<byte[]> peerAddress = literal(peer);
        if (peerAddress.isEmpty()) {
            return peer;
        }
        byte[] client = peerAddress.get();
        if (isTrusted(client)) {
            List<String> hops = new ArrayList<>();
            forwardedFor.forEach(value -> hops.addAll(Arrays.asList(value.split(","))));
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<byte[]> hop = literal(hops.get(i).trim());
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return keyOf(client);
    }

    private boolean isTrusted(byte[] address) {
        return trusted.stream().anyMatch(range -> range.contains(address));
    }

    private static String keyOf(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        return HexFormat.of().formatHex(address, 0, 8) + "::/64";
    }

    /** The bytes of a literal IPv4 or IPv6 address (brackets and a zone allowed); empty for anything else. */
    static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = bare.indexOf('%');
        if (zone >= 0) {
            bare = bare.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(bare).matches();
        if (v4 && Arrays.stream(bare.split("\\.")).anyMatch(part -> Integer.parseInt(part) > 255)) {
            return Optional.empty();
        }
        if (!v4 && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            // A literal, checked above: no lookup happens.
            byte[] address = InetAddress.getByName(bare).getAddress();
            return Optional.of(address.length == 16 && isMappedV4(address) ? Arrays.copyOfRange(address, 12, 16)
                    : address);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isMappedV4(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** A trusted proxy block, parsed without any name lookup; matching is the egress guard's. */
    private static AddressRange trustedRange(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] network = literal(address).orElseThrow(() -> new IllegalArgumentException(
                "limits.browser.trustedProxies: not a literal address or CIDR block: " + cidr));
        int length;
        try {
            length = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limits.browser.trustedProxies: bad prefix length: " + cidr, e);
        }
        if (length < 0 || length > network.length * 8) {
            throw new IllegalArgumentException("limits.browser.trustedProxies: bad prefix length: " + cidr);
        }
        return new AddressRange(network, length, "trusted proxy");
    }
}
