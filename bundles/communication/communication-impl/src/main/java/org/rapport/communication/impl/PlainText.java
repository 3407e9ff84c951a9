package org.rapport.communication.impl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inbound text as Rapport keeps it: HTML reduced to its text (scripts and styles dropped, tags
 * removed, entities decoded), control characters other than line breaks and tabs removed, cut to
 * a limit. What it returns is text to be escaped wherever it is shown, never markup.
 */
final class PlainText {

    private static final Pattern HIDDEN = Pattern.compile("(?is)<(script|style|head|title)\\b.*?</\\1\\s*>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});");

    private PlainText() {
    }

    static String ofHtml(String html) {
        String text = HIDDEN.matcher(html).replaceAll(" ");
        text = COMMENT.matcher(text).replaceAll(" ");
        text = BREAK.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t\\x0B\\f]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static String entity(String name) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException outOfRange) {
            return "\uFFFD";
        }
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            default -> "&" + name + ";";
        };
    }

    /** Line breaks kept, other control characters dropped, cut at {@code max} characters. */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
                out.append(c);
            } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** One line: line breaks and control characters as spaces, cut at {@code max} characters. */
    static String line(String text, int max) {
        if (text == null) {
            return null;
        }
        String cleaned = clean(text, max).replaceAll("[\\n\\t]+", " ").strip();
        return cleaned.isEmpty() ? null : cleaned;
    }
}
