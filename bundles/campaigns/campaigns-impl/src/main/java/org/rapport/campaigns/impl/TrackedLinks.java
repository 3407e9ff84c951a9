package org.rapport.campaigns.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;

/**
 * The links a campaign's template may track: each written {@code {{var.<name>|<url>}}}, an http or
 * https URL as the placeholder's fallback. A contact who consented to tracking gets a signed
 * redirect to that URL in the variable; anyone else gets the fallback, the URL itself. A name with
 * different URLs in the template's languages is not tracked (a redirect could not tell which), nor
 * one whose URL does not parse as an absolute address with a host.
 * These URLs are the only places a click redirects to.
 */
final class TrackedLinks {

    /**
     * The variable that held the tracking pixel's markup: now always empty (values are escaped in
     * an HTML body), kept so that templates that write {@code {{var.trackingPixel|}}} still render;
     * the pixel is the HTML body's last element ({@code SendRequest.openPixel}).
     */
    static final String PIXEL = "trackingPixel";
    private static final Pattern LINK = Pattern.compile(
            "\\{\\{\\s*var\\.([A-Za-z][A-Za-z0-9_-]{0,59})\\s*\\|\\s*(https?://[^\\s{}|<>\"'\\\\]{1,2000})\\s*}}");

    private TrackedLinks() {
    }

    /** Each tracked link's name and its one URL, across the template's languages. */
    static Map<String, String> of(MessageService messages, String template) {
        Map<String, Set<String>> found = scan(messages, template);
        Map<String, String> links = new LinkedHashMap<>();
        found.forEach((name, urls) -> {
            if (urls.size() == 1 && !name.equals(PIXEL) && !name.equals(org.rapport.campaigns.api.CampaignService.UNSUBSCRIBE_VARIABLE)) {
                links.put(name, urls.iterator().next());
            }
        });
        return links;
    }

    private static Map<String, Set<String>> scan(MessageService messages, String template) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (Template t : messages.templates()) {
            if (t.code().equals(template)) {
                scan(t.body(), false, found);
                scan(t.html(), true, found);
            }
        }
        return found;
    }

    /**
     * The tracked links of one body. The stored HTML body has its attributes quoted, an {@code &}
     * in them written {@code &amp;}: the URL is read back as the text body would have it.
     */
    private static void scan(String body, boolean html, Map<String, Set<String>> found) {
        if (body == null) {
            return;
        }
        Matcher m = LINK.matcher(body);
        while (m.find()) {
            String url = html ? m.group(2).replace("&amp;", "&") : m.group(2);
            if (absolute(url)) {
                found.computeIfAbsent(m.group(1), n -> new LinkedHashSet<>()).add(url);
            }
        }
    }

    /** Whether a URL is one a redirect can name: absolute, with a host. */
    private static boolean absolute(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Every URL a name leads to in the template now, for checking a click's signature against. */
    static Collection<String> urls(MessageService messages, String template, String name) {
        return scan(messages, template).getOrDefault(name, Set.of());
    }
}
