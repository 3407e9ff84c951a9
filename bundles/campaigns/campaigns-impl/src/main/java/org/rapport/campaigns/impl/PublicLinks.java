package org.rapport.campaigns.impl;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address customers reach this server at ({@code publicUrl}), which every link in a campaign
 * message starts with: https, or plain http to this machine's loopback only when the administrator
 * says so ({@code loopbackHttp}, for tests). A campaign is not launched without a good one.
 */
final class PublicLinks {

    private final String base;
    private final String problem;

    PublicLinks(String publicUrl, boolean loopbackHttp) {
        String problem = check(publicUrl, loopbackHttp);
        String url = publicUrl == null ? "" : publicUrl.strip();
        this.problem = problem;
        this.base = problem != null ? null : (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/api/v1/";
    }

    /** Why links cannot be made, naming the setting; null when they can. */
    String problem() {
        return problem;
    }

    String unsubscribe(String token) {
        return link("unsubscribe/", token);
    }

    String open(String token) {
        return link("track/open/", token);
    }

    String click(String token) {
        return link("track/click/", token);
    }

    String accept(String token) {
        return link("accept/", token);
    }

    private String link(String path, String token) {
        if (base == null) {
            throw new IllegalStateException(problem);
        }
        return base + path + token;
    }

    private static String check(String publicUrl, boolean loopbackHttp) {
        String where = "publicUrl in etc/" + CampaignsConfig.PID + ".cfg: ";
        if (publicUrl == null || publicUrl.isBlank()) {
            return where + "not set; set it to the https address customers reach this server's REST API at";
        }
        URI uri;
        try {
            uri = new URI(publicUrl.strip());
        } catch (URISyntaxException e) {
            return where + "'" + publicUrl + "' is not an address: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
            return where + "'" + publicUrl + "' must be scheme, host, optional port and path only";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && loopbackHttp && loopback(uri.getHost())) {
            return null;
        }
        return where + "'" + publicUrl + "' must be https" + (scheme.equals("http") ? " (plain http only to this "
                + "machine's loopback, with loopbackHttp = true, for tests)" : "");
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            // A literal address: parsed without a name lookup.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
