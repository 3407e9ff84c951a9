package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An interaction's payload in one text column, one {@code name=value} line per entry in the
 * escaping of {@link Properties}, names in order: any text survives, and the column stays
 * readable in a database console.
 */
final class Payloads {

    private Payloads() {
    }

    static String write(Map<String, String> payload) {
        if (payload == null || payload.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(payload).forEach((name, value) -> text.append(escape(name, true)).append('=')
                .append(escape(value, false)).append('\n'));
        return text.toString();
    }

    static Map<String, String> read(String text) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> payload = new TreeMap<>();
        properties.forEach((name, value) -> payload.put((String) name, (String) value));
        return payload;
    }

    /** As {@link Properties#store} escapes, without its date comment and in a fixed order. */
    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
