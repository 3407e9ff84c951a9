package org.rapport.rest.impl.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client address a request is counted and audited under: the socket's peer, or, when that
 * peer is one of the configured reverse proxies ({@code trustedProxies}), the right-most address
 * of {@code X-Forwarded-For} that is not itself a trusted proxy. Each proxy appends the address it
 * was called from, so the hops right of the first untrusted one were written by trusted proxies
 * and that one is the client as the outermost trusted proxy saw it; everything left of it was
 * written by the client and may be made up. From any other peer the header is ignored, so a
 * client cannot name another address to escape the login throttle or to be audited as someone
 * else. No proxy is trusted unless configured. Only address literals are read (IPv4, IPv6,
 * optionally with a port or in brackets); a hop that is not one stops the walk at the trusted hop
 * right of it, and no name is ever looked up.
 */
public final class TrustedProxies {

    /** The header reverse proxies such as nginx, HAProxy and Apache httpd append to. */
    public static final String HEADER = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z]+)?");
    /** More hops than any real chain of proxies; a longer header is walked no further. */
    private static final int MAX_HOPS = 32;

    private final List<byte[][]> networks;

    private TrustedProxies(List<byte[][]> networks) {
        this.networks = networks;
    }

    /**
     * @param entries addresses ({@code 10.0.0.5}, {@code ::1}) and networks ({@code 10.0.0.0/8},
     *        {@code fd00::/8}); blank entries are skipped
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TrustedProxies of(String... entries) {
        List<byte[][]> networks = new ArrayList<>();
        for (String raw : entries == null ? new String[0] : entries) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("trustedProxies: '" + entry + "' is not an IP address or network (10.0.0.0/8)");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException notNumber) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("trustedProxies: '" + entry + "' has a prefix length outside 0 to "
                            + address.length * 8);
                }
            }
            networks.add(new byte[][] {address, mask(address.length, bits)});
        }
        return new TrustedProxies(List.copyOf(networks));
    }

    /** Whether no proxy is trusted (then {@link #client} is always the peer). */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /**
     * @param peer the socket's remote address
     * @param forwardedFor every {@value #HEADER} header of the request, in order (null or empty when none)
     */
    public String client(String peer, Enumeration<String> forwardedFor) {
        if (networks.isEmpty() || forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        while (forwardedFor.hasMoreElements()) {
            String header = forwardedFor.nextElement();
            if (header != null) {
                for (String hop : header.split(",", -1)) {
                    hops.add(hop.strip());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1, walked = 0; i >= 0 && walked < MAX_HOPS; i--, walked++) {
            String hop = hostOf(hops.get(i));
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** Whether this address is one of the trusted proxies. */
    public boolean trusted(String address) {
        byte[] bytes = literal(hostOf(address));
        if (bytes == null) {
            return false;
        }
        for (byte[][] network : networks) {
            byte[] base = network[0];
            byte[] mask = network[1];
            if (base.length != bytes.length) {
                continue;
            }
            boolean inside = true;
            for (int i = 0; i < bytes.length && inside; i++) {
                inside = (bytes[i] & mask[i]) == (base[i] & mask[i]);
            }
            if (inside) {
                return true;
            }
        }
        return false;
    }

    /** The address of a hop without brackets or port: {@code [::1]:443} and {@code 10.0.0.1:80} as {@code ::1}, {@code 10.0.0.1}. */
    static String hostOf(String hop) {
        if (hop == null) {
            return "";
        }
        String value = hop.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        if (colon > 0 && colon == value.lastIndexOf(':')) {
            return value.substring(0, colon);
        }
        return value;
    }

    /** The bytes of an IP address literal, or null when it is not one; never a name lookup. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // a literal containing ':' is parsed, never resolved
            return InetAddress.getByName(text.contains("%") ? text.substring(0, text.indexOf('%')) : text).getAddress();
        } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    private static byte[] mask(int length, int bits) {
        byte[] mask = new byte[length];
        for (int i = 0; i < length; i++) {
            int left = Math.max(0, Math.min(8, bits - i * 8));
            mask[i] = (byte) (0xff << (8 - left));
        }
        return mask;
    }
}
