package com.keepintouch.platform.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses this system may call out to (against SSRF): none that reach this machine, the
 * private network or the cloud's metadata service, unless the operator allow-listed its network.
 */
public final class AddressPolicy {

    private record Range(Cidr cidr, String reason) {}

    private static final List<Range> REFUSED = List.of(
            new Range(Cidr.parse("0.0.0.0/8"), "unspecified"),
            new Range(Cidr.parse("10.0.0.0/8"), "private"),
            new Range(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT"),
            new Range(Cidr.parse("127.0.0.0/8"), "loopback"),
            new Range(Cidr.parse("169.254.0.0/16"), "link-local"),
            new Range(Cidr.parse("172.16.0.0/12"), "private"),
            new Range(Cidr.parse("192.0.0.0/24"), "reserved"),
            new Range(Cidr.parse("192.168.0.0/16"), "private"),
            new Range(Cidr.parse("198.18.0.0/15"), "reserved"),
            new Range(Cidr.parse("224.0.0.0/4"), "multicast"),
            new Range(Cidr.parse("240.0.0.0/4"), "reserved"),
            new Range(Cidr.parse("::/128"), "unspecified"),
            new Range(Cidr.parse("::1/128"), "loopback"),
            new Range(Cidr.parse("64:ff9b::/96"), "translated IPv4"),
            new Range(Cidr.parse("fc00::/7"), "unique-local"),
            new Range(Cidr.parse("fe80::/10"), "link-local"),
            new Range(Cidr.parse("ff00::/8"), "multicast"));

    private final List<Cidr> allowed;

    public AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why {@code address} may not be a target, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return Optional.empty();
            }
        }
        for (Range range : REFUSED) {
            if (range.cidr().contains(address)) {
                return Optional.of(range.reason());
            }
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()) {
            return Optional.of("local");
        }
        return Optional.empty();
    }

    /** An IPv4 or IPv6 network, {@code address/prefix}. */
    public record Cidr(byte[] network, int prefix) {

        public static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("not an IP network: " + text);
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP network: " + text, e);
            }
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + text);
            }
            return new Cidr(bytes, prefix);
        }

        public boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        public boolean isIpv6() {
            return network.length == 16;
        }

        @Override
        public String toString() {
            try {
                InetAddress address = InetAddress.getByAddress(network);
                String host = address instanceof Inet6Address
                        ? address.getHostAddress()
                        : ((Inet4Address) address).getHostAddress();
                return host + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr that
                    && prefix == that.prefix
                    && java.util.Arrays.equals(network, that.network);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(network) + prefix;
        }
    }
}
