package org.rapport.events.impl;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a subscription may point, so that it cannot become a way to probe the internal network:
 * {@code https://} anywhere public, {@code http://} to loopback only (unless {@code allowPlainHttp}),
 * and no address in a private, link-local, shared (carrier-grade NAT), unique-local, multicast or
 * unspecified range (unless {@code allowPrivateTargets}). The host is resolved, and every address
 * it resolves to is checked: at subscription and again before each delivery, so that a name later
 * pointed at an internal address is refused then.
 */
final class Targets {

    /** How a host's addresses are found; tests give fixed ones. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Settings settings;
    private final Resolver resolver;

    Targets(Settings settings, Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /**
     * @return the URL, checked
     * @throws IllegalArgumentException starting with {@code url}, saying why it is refused
     */
    URI check(String url) {
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
        boolean loopback = addresses.length > 0;
        for (InetAddress address : addresses) {
            loopback &= address.isLoopbackAddress();
            if (!settings.allowPrivateTargets() && internal(address)) {
                throw new IllegalArgumentException("url's host " + uri.getHost() + " is " + address.getHostAddress()
                        + ", an address in a private or link-local range; allowPrivateTargets in etc/"
                        + EventsConfig.PID + ".cfg allows them");
            }
        }
        if (scheme.equals("http") && !loopback && !settings.allowPlainHttp()) {
            throw new IllegalArgumentException("url must use https:// unless it points at loopback (allowPlainHttp in etc/"
                    + EventsConfig.PID + ".cfg allows http:// elsewhere): " + url);
        }
        return uri;
    }

    /** An address of the internal network, or none at all; loopback is not one of them. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return false;
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 192.0.0.0/24 (protocol assignments), 198.18.0.0/15 (benchmarks)
            return (first == 100 && second >= 64 && second < 128) || first == 0 || (first == 192 && second == 0 && b[2] == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        // fc00::/7, unique local
        return (b[0] & 0xfe) == 0xfc;
    }
}
