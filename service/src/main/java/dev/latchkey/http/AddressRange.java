package dev.latchkey.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A CIDR block with a label saying what it is (why the egress guard refuses it, or a trusted proxy). */
public record AddressRange(byte[] network, int prefixLength, String label) {

    public AddressRange {
        network = network.clone();
    }

    static AddressRange of(String cidr, String label) {
        int slash = cidr.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new AddressRange(network, Integer.parseInt(cidr.substring(slash + 1)), label);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a literal address: " + cidr, e);
        }
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        if (!Arrays.equals(address, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network) && range.label.equals(label);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return label + " range";
    }
}
