package org.rapport.communication.impl;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.rapport.contacts.api.Contact;

/**
 * A message's HTML body, rendered from a template's stored (checked, {@link HtmlPolicy}) HTML:
 * each placeholder's value is HTML-escaped (safe in text and in the quoted attributes the stored
 * HTML has), a link or image address that starts with a value the sender passes is checked again
 * once it is known, and the sender's open pixel goes at the end.
 */
final class HtmlBody {

    /** An {@code href} or {@code src} whose address starts with a placeholder (attributes are stored quoted). */
    private static final Pattern URL_FROM_VALUE = Pattern.compile("(?i)\\s(href|src)=\"\\s*\\{\\{");
    private static final Pattern BODY_END = Pattern.compile("(?i)</body\\s*>");

    private HtmlBody() {
    }

    /**
     * The rendered HTML body, or null when the template has none.
     *
     * @throws IllegalArgumentException naming {@code variables} when a value would make a link
     *         or image address the allow-list refuses, or {@code openPixel} when it is not https
     */
    static String render(String html, Contact contact, Map<String, String> variables, String openPixel) {
        if (html == null) {
            return null;
        }
        String rendered = Placeholders.render(html, contact, variables, HtmlBody::escape);
        if (URL_FROM_VALUE.matcher(html).find()) {
            Document doc = Jsoup.parse(rendered);
            for (Element e : doc.select("a[href], img[src]")) {
                String attribute = e.normalName().equals("img") ? "src" : "href";
                String problem = HtmlPolicy.urlProblem(e.normalName(), e.attr(attribute), true);
                if (problem != null) {
                    throw new IllegalArgumentException("variables: in the html body, " + problem);
                }
            }
        }
        if (openPixel == null) {
            return rendered;
        }
        String problem = HtmlPolicy.urlProblem("img", openPixel, true);
        if (problem != null || openPixel.isBlank()) {
            throw new IllegalArgumentException("openPixel: " + (problem == null ? "an address is required" : problem));
        }
        String pixel = "<img src=\"" + escape(openPixel.strip()) + "\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;border:0;width:1px;height:1px\">";
        Matcher end = BODY_END.matcher(rendered);
        int at = -1;
        while (end.find()) {
            at = end.start();
        }
        return at < 0 ? rendered + pixel : rendered.substring(0, at) + pixel + rendered.substring(at);
    }

    /** Text made safe for HTML text and for a quoted attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
