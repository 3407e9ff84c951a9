package org.rapport.rules.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/** A decision's attributes as a flat JSON object of strings, readable in the database. */
final class FlatJson {

    private FlatJson() {
    }

    static String encode(Map<String, String> attributes) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, e.getKey());
            json.append(':');
            string(json, e.getValue());
        }
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /** Reads what {@link #encode} wrote. */
    static Map<String, String> decode(String json) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int[] pos = {json.indexOf('{') + 1};
        while (true) {
            skipSpace(json, pos);
            if (json.charAt(pos[0]) == '}') {
                return attributes;
            }
            String key = readString(json, pos);
            skipSpace(json, pos);
            expect(json, pos, ':');
            skipSpace(json, pos);
            attributes.put(key, readString(json, pos));
            skipSpace(json, pos);
            if (json.charAt(pos[0]) == ',') {
                pos[0]++;
            }
        }
    }

    private static String readString(String json, int[] pos) {
        expect(json, pos, '"');
        StringBuilder value = new StringBuilder();
        while (json.charAt(pos[0]) != '"') {
            char c = json.charAt(pos[0]++);
            if (c == '\\') {
                char escaped = json.charAt(pos[0]++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(json.substring(pos[0], pos[0] + 4), 16));
                        pos[0] += 4;
                    }
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
        }
        pos[0]++;
        return value.toString();
    }

    private static void skipSpace(String json, int[] pos) {
        while (Character.isWhitespace(json.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static void expect(String json, int[] pos, char c) {
        if (json.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos[0] + " in " + json);
        }
        pos[0]++;
    }
}
