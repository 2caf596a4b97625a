package fr.datagrandest.platform.core.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The reverse proxies whose {@code X-Forwarded-For} header is believed, so that sign-in throttling and the audit
 * log see the address of the person, not the proxy's. Without any, the header is ignored: anyone can write it, and
 * trusting it would let a client choose the address it is throttled under.
 */
final class TrustedProxies {

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** An address block: an address and how many of its leading bits must match. */
    private record Block(byte[] network, int prefixLength) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = 0xff << (8 - remainingBits) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Parses addresses and blocks in CIDR notation ({@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1},
     * {@code fd00::/8}). Only literal addresses are accepted: a host name would make every request wait for DNS.
     */
    static TrustedProxies parse(String... entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("trustedProxies: '" + text + "' is not an IP address or CIDR block");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("trustedProxies: '" + text + "' has an invalid prefix length");
                }
            }
            blocks.add(new Block(bytes, prefix));
        }
        return new TrustedProxies(blocks);
    }

    /**
     * The client's address: the connection's peer, unless that peer is a trusted proxy; then the nearest address in
     * {@code X-Forwarded-For} (read from the right, the end our proxies appended to) that is not a trusted proxy.
     */
    String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (blocks.isEmpty() || !trusted(peer)) {
            return peer;
        }
        String client = peer;
        List<String> hops = new ArrayList<>();
        var headers = request.getHeaders("X-Forwarded-For");
        while (headers != null && headers.hasMoreElements()) {
            for (String hop : headers.nextElement().split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                return client; // a hop that is not an address: stop at the last one we can vouch for
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    boolean trusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null; never a DNS lookup. */
    private static byte[] literal(String text) {
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && java.util.Arrays.stream(address.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        boolean ipv6 = address.contains(":") && address.matches("[0-9a-fA-F:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
