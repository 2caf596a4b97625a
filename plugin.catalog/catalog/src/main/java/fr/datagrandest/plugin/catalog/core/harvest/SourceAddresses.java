package fr.datagrandest.plugin.catalog.core.harvest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where a harvest may connect. Any editor can add a source, so without this check the server could be made to
 * read its own loopback services, the machines of its private network or a cloud's metadata service
 * (169.254.169.254) and show what they answer in the run report. Every address a host name resolves to is
 * checked, when a source is added and again before each request and each redirect (a name can resolve
 * elsewhere later). Intranet catalogues are allowed by the setting {@code privateAddresses}.
 */
public final class SourceAddresses {

    private final boolean privateAllowed;

    public SourceAddresses(boolean privateAllowed) {
        this.privateAllowed = privateAllowed;
    }

    public boolean privateAllowed() {
        return privateAllowed;
    }

    /**
     * Checks that the URL is http(s) and that none of its host's addresses is one a harvest must not reach.
     *
     * @throws RefusedAddressException saying which address and why
     */
    public void check(URI uri) throws RefusedAddressException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
            throw new RefusedAddressException("only absolute http and https URLs are harvested: " + uri);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new RefusedAddressException("the host " + uri.getHost() + " is unknown");
        }
        for (InetAddress a : addresses) {
            String why = never(a);
            if (why == null && !privateAllowed) {
                why = privateReason(a);
            }
            if (why != null) {
                throw new RefusedAddressException("the host " + uri.getHost() + " is " + a.getHostAddress() + ", " + why
                        + ": harvests do not connect there" + (privateAllowed || never(a) != null ? ""
                                : " (an administrator allows private addresses with the setting privateAddresses"
                                        + " of fr.datagrandest.plugin.catalog.harvest)"));
            }
        }
    }

    /** Addresses no harvest connects to, whatever the setting. */
    private static String never(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (where clouds serve their instance metadata)";
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            if (first == 0 || first >= 240) {
                return "a reserved address";
            }
        }
        return null;
    }

    /** Addresses of this machine and of private networks, allowed by the setting. */
    private static String privateReason(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "this machine (loopback)";
        }
        if (a.isSiteLocalAddress()) {
            return "a private network address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a shared address of a carrier-grade NAT (100.64.0.0/10)";
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a unique local IPv6 address (fc00::/7)";
        }
        if (a instanceof Inet6Address && isIpv4Embedded(b)) {
            return "an IPv6 address embedding an IPv4 address";
        }
        return null;
    }

    /** ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64) reach an IPv4 address the checks above did not see. */
    private static boolean isIpv4Embedded(byte[] b) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        return compatible || nat64;
    }

    /** A URL a harvest must not connect to; the message says why. */
    public static final class RefusedAddressException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
