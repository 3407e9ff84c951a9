package org.rapport.communication.impl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;

/**
 * The allow-list a template's HTML body is held to. Templates are written by analysts, who are
 * not trusted to make Rapport's mail a vehicle for scripts or phishing: only the elements and
 * attributes of designed mail are taken (text, tables, images, links, inline styles), links are
 * https or {@code mailto:} (or a {@code #fragment}), images https only, CSS loads nothing, and no
 * comment holds markup (Outlook's conditional comments would show what is refused). What is
 * refused is named with its line; nothing is repaired in silence.
 */
final class HtmlPolicy {

    static final Set<String> ELEMENTS = Set.of("html", "head", "body", "title", "meta", "style", "a", "abbr", "b",
            "blockquote", "br", "caption", "center", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em",
            "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s",
            "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
            "u", "ul");
    static final Set<String> ATTRIBUTES = Set.of("align", "alt", "bgcolor", "border", "cellpadding", "cellspacing",
            "class", "color", "colspan", "dir", "face", "height", "href", "id", "lang", "rowspan", "size", "src",
            "style", "target", "title", "valign", "width", "charset", "name", "content", "rel", "span", "start",
            "type");
    /**
     * CSS that could load a resource or run code: refused wherever it appears. Besides {@code url()},
     * the image functions that take an address as a bare string ({@code image-set()} and
     * {@code -webkit-image-set()}, {@code cross-fade()}, {@code image()}, {@code src()}) load it too.
     */
    private static final Pattern UNSAFE_CSS = Pattern.compile("(?i)url\\s*\\(|(?:image-set|cross-fade|image|src)\\s*\\("
            + "|@import|expression\\s*\\(|javascript:|behavior\\s*:|-moz-binding|\\\\");
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[::1]");

    private HtmlPolicy() {
    }

    /**
     * Checks an HTML body and returns it as it is stored: parsed, every attribute quoted.
     *
     * @param where the template, for the error ({@code template 'welcome' (en)})
     * @throws IllegalArgumentException naming {@code where}, the line and each thing refused
     */
    static String check(String where, String html) {
        Parser parser = Parser.htmlParser().setTrackPosition(true);
        Document doc = parser.parseInput(html, "");
        List<String> problems = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof Element e && !(node instanceof Document)) {
                check(e, problems);
            } else if (node instanceof Comment comment && (comment.getData().contains("<")
                    || comment.getData().stripLeading().startsWith("[if"))) {
                problems.add("line " + line(comment) + ": a comment holding markup (a conditional comment) is not "
                        + "allowed: mail readers that show it would take what the allow-list refuses");
            } else if (node instanceof DataNode data && data.parent() instanceof Element style
                    && style.normalName().equals("style")) {
                css(line(style), "<style>", data.getWholeData(), problems);
            }
        }, doc);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(where + " html: " + String.join("; ", problems));
        }
        doc.outputSettings().prettyPrint(false);
        String lower = html.toLowerCase(Locale.ROOT);
        if (lower.contains("<html") || lower.contains("<!doctype")) {
            return doc.outerHtml();
        }
        return doc.head().html() + doc.body().html();
    }

    private static void check(Element e, List<String> problems) {
        String tag = e.normalName();
        if (!ELEMENTS.contains(tag)) {
            problems.add("line " + line(e) + ": <" + tag + "> is not allowed" + (tag.equals("script")
                    ? " (a message carries no scripts)" : "; the elements of designed mail are " + String.join(", ",
                            ELEMENTS.stream().sorted().toList())));
            return;
        }
        for (Attribute a : e.attributes()) {
            String name = a.getKey().toLowerCase(Locale.ROOT);
            String value = a.getValue();
            if (name.startsWith("on")) {
                problems.add("line " + line(e) + ": event-handler attribute " + name + " on <" + tag
                        + "> is not allowed (a message carries no scripts)");
            } else if (!ATTRIBUTES.contains(name)) {
                problems.add("line " + line(e) + ": attribute " + name + " on <" + tag + "> is not allowed");
            } else if (name.equals("style")) {
                css(line(e), "style on <" + tag + ">", value, problems);
            } else if (name.equals("href") || name.equals("src")) {
                url(e, name, value, problems);
            }
        }
    }

    private static void url(Element e, String name, String value, List<String> problems) {
        String tag = e.normalName();
        if (name.equals("src") && !tag.equals("img") || name.equals("href") && !tag.equals("a")) {
            problems.add("line " + line(e) + ": " + name + " on <" + tag + "> is not allowed");
            return;
        }
        if (tag.equals("img") && Placeholders.any(Placeholders.afterLeading(value.strip()))) {
            // An image loads as the message is opened: a contact's value in its address tells that host who opened
            // the message and when, without the consent to tracking that Rapport's own open pixel asks for.
            problems.add("line " + line(e) + ": img src '" + shorten(value) + "' holds a placeholder past its start; an "
                    + "image loads when the message is opened and would tell that host who opened it (a value the "
                    + "sender passes may only begin the address)");
            return;
        }
        String checked = Placeholders.leadingFallback(value.strip());
        if (checked != null && checked.isEmpty()) {
            return; // a value the sender passes: checked when the message is rendered (HtmlBody)
        }
        String problem = urlProblem(tag, checked == null ? value : checked, false);
        if (problem != null) {
            problems.add("line " + line(e) + ": " + problem);
        }
    }

    /**
     * Why a link or image address is refused, or null: an image is https, a link https,
     * {@code mailto:} or a {@code #fragment}; when the message is rendered ({@code rendered}),
     * plain http to this machine's loopback is also taken (Rapport's own links in a test setup).
     */
    static String urlProblem(String tag, String value, boolean rendered) {
        String url = value.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean image = tag.equals("img");
        if (url.isEmpty() || !image && (lower.startsWith("#") || lower.startsWith("mailto:"))) {
            return null;
        }
        String what = image ? "img src" : "a href";
        if (lower.startsWith("https://") || rendered && lower.startsWith("http://") && loopback(url)) {
            return null;
        }
        if (lower.replaceAll("[\\s\\x00-\\x1f]", "").startsWith("javascript:")) {
            return what + " '" + shorten(url) + "' is a javascript: URL, which is not allowed";
        }
        return what + " '" + shorten(url) + "' must be an https address" + (image ? " (a message loads no other "
                + "resource)" : " or mailto:");
    }

    private static boolean loopback(String url) {
        try {
            String host = new URI(url).getHost();
            return host != null && LOOPBACK.matcher(host).matches();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void css(int line, String where, String css, List<String> problems) {
        if (Placeholders.any(css)) {
            problems.add("line " + line + ": " + where + " holds a placeholder; CSS takes none");
        } else if (UNSAFE_CSS.matcher(css).find()) {
            problems.add("line " + line + ": " + where + " uses url(), image-set(), @import, expression(), javascript:, behavior, "
                    + "-moz-binding or a backslash escape; CSS in a message loads nothing");
        }
    }

    private static int line(Node node) {
        return node.sourceRange().start().lineNumber();
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
