package org.rapport.events.impl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a subscription may point, so that it cannot become a way to probe the internal network:
 * {@code https://} anywhere public, {@code http://} to loopback only (unless {@code allowPlainHttp}),
 * loopback only with {@code allowLoopbackTargets}, and no address in a private, link-local, shared
 * (carrier-grade NAT), unique-local, multicast or unspecified range, nor an IPv6 form that embeds
 * such an IPv4 address or loopback (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32, IPv4-mapped and IPv4-compatible), unless {@code allowPrivateTargets}. The host is
 * resolved and every address it resolves to is checked, at subscription and again before each
 * delivery; the delivery then connects to the address that was checked, never resolving the name
 * a second time, so a name cannot point elsewhere between the check and the connection.
 */
final class Targets {

    /** How a host's addresses are found; tests give fixed ones. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that passed the check, with the addresses checked, to connect to in this order. */
    record Target(URI uri, List<InetAddress> addresses) {
    }

    private static final String PRIVATE = "an address in a private or link-local range";

    private final Settings settings;
    private final Resolver resolver;

    Targets(Settings settings, Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * @return the URL, checked, and its host's addresses, every one checked, which the delivery connects to
     * @throws IllegalArgumentException starting with {@code url}, saying why it is refused
     */
    Target check(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required, such as https://example.com/rapport-events");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("url must start with https:// (or http:// to loopback), not '"
                    + (scheme.isEmpty() ? url : scheme + ":") + "'");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must name a host, without user information or fragment: " + url);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url's host " + uri.getHost() + " is not known");
        }
        if (addresses == null || addresses.length == 0) {
            throw new IllegalArgumentException("url's host " + uri.getHost() + " has no address");
        }
        boolean loopback = true;
        for (InetAddress address : addresses) {
            loopback &= address.isLoopbackAddress();
            if (address.isLoopbackAddress() && !settings.allowLoopbackTargets()) {
                throw new IllegalArgumentException("url's host " + uri.getHost() + " is " + address.getHostAddress()
                        + ", a loopback address; allowLoopbackTargets in etc/" + EventsConfig.PID + ".cfg allows it");
            }
            String inside = settings.allowPrivateTargets() ? null : internal(address);
            if (inside != null) {
                throw new IllegalArgumentException("url's host " + uri.getHost() + " is " + address.getHostAddress()
                        + ", " + inside + "; allowPrivateTargets in etc/" + EventsConfig.PID + ".cfg allows them");
            }
        }
        if (scheme.equals("http") && !loopback && !settings.allowPlainHttp()) {
            throw new IllegalArgumentException("url must use https:// unless it points at loopback (allowPlainHttp in etc/"
                    + EventsConfig.PID + ".cfg allows http:// elsewhere): " + url);
        }
        return new Target(uri, List.of(addresses));
    }

    /**
     * Why an address belongs to the internal network or is none at all, or null when it is public;
     * loopback is not one of them (it has a setting of its own).
     */
    static String internal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return null;
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return PRIVATE;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return internal4(b) ? PRIVATE : null;
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return PRIVATE + " (fc00::/7, unique local)";
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && b[4] == 0 && b[5] == 1) {
            return "a local-use NAT64 address (64:ff9b:1::/48), which leads into the internal network";
        }
        byte[][] embedded = embedded(b);
        for (byte[] v4 : embedded) {
            if (internal4(v4) || (v4[0] & 0xff) == 127) {
                return "an IPv6 address embedding " + text(v4) + ", " + PRIVATE + " or loopback";
            }
        }
        return null;
    }

    /**
     * The IPv4 addresses an IPv6 address carries: IPv4-mapped (::ffff:0:0/96) and -compatible
     * (::/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16), and Teredo (2001::/32: the server, and the
     * client, whose bits are inverted).
     */
    static byte[][] embedded(byte[] b) {
        boolean zero80 = allZero(b, 0, 10);
        if (zero80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            return new byte[][] {Arrays.copyOfRange(b, 12, 16)};
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
            return new byte[][] {Arrays.copyOfRange(b, 12, 16)};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[][] {Arrays.copyOfRange(b, 2, 6)};
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return new byte[][] {Arrays.copyOfRange(b, 4, 8), client};
        }
        return new byte[0][];
    }

    private static boolean internal4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 10/8, 172.16/12, 192.168/16, 169.254/16 (link-local, the cloud metadata address), 100.64/10 (carrier-grade
        // NAT), 0/8, 192.0.0/24 (protocol assignments), 198.18/15 (benchmarks), 224/4 (multicast) and 240/4
        return first == 10 || (first == 172 && second >= 16 && second < 32) || (first == 192 && second == 168)
                || (first == 169 && second == 254) || (first == 100 && second >= 64 && second < 128) || first == 0
                || (first == 192 && second == 0 && b[2] == 0) || (first == 198 && (second == 18 || second == 19))
                || first >= 224;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] v4) {
        try {
            return Inet4Address.getByAddress(v4).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
